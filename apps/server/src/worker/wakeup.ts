/** Sleeps until woken (NOTIFY, a freed slot) or `ms` pass; a wake before the sleep is not lost. */
export function createWakeup() {
  let flag = false;
  let resolveSleep: (() => void) | null = null;
  return {
    wake() {
      flag = true;
      resolveSleep?.();
    },
    sleep(ms: number) {
      return new Promise<void>((resolve) => {
        if (flag) return resolve();
        const timer = setTimeout(resolve, ms);
        resolveSleep = () => {
          clearTimeout(timer);
          resolve();
        };
      }).finally(() => {
        resolveSleep = null;
        flag = false;
      });
    },
  };
}
