/** What the signed-in key may see: every application, or only `app` (a scoped key or a portal link). */
export interface Scope {
  app: string | null;
  /** portal links can be minted (not from inside a portal) */
  canShare: boolean;
}
