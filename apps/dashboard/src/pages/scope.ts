/** What the signed-in key may see: every application, or only `app` (a scoped key or a portal link). */
export interface Scope {
  app: string | null;
  /** portal links can be minted (not from inside a portal) */
  canShare: boolean;
  /** a customer's portal session: a customer-sized view (no jobs, no sign-out, the operator's branding) */
  portal?: boolean;
}
