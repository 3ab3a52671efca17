/**
 * regatta's own CPU time and peak RSS during a scenario, to show the harness is not the bottleneck. RSS is sampled
 * (every 100 ms, timer unref'd) because `process.resourceUsage().maxRSS` is a lifetime peak and would carry over from
 * earlier scenarios in the same process.
 */
export interface ResourceMonitor {
  /** Stops sampling and returns CPU seconds (user + system) and the peak RSS seen since start. */
  stop(): { cpuSeconds: number; peakRssBytes: number };
  /** Peak RSS so far. */
  peakRssBytes(): number;
}

/** Starts sampling now. */
export function startResourceMonitor(intervalMs = 100): ResourceMonitor {
  const cpuStart = process.cpuUsage();
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  timer.unref();
  return {
    peakRssBytes: () => Math.max(peak, process.memoryUsage.rss()),
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      const cpu = process.cpuUsage(cpuStart);
      return { cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssBytes: peak };
    },
  };
}
