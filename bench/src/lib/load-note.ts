import os from 'node:os';

/**
 * A method note that says when the machine was busy with other work while a benchmark ran (the
 * 1-minute load average above the core count): its rounds then vary a lot, and only the ratios
 * of targets measured in alternating rounds mean anything. Empty on a quiet machine.
 */
export function busyMachineNotes(): string[] {
  const load = os.loadavg()[0] ?? 0;
  const cores = os.availableParallelism();
  if (load <= cores) return [];
  return [
    `**Measured under load:** the 1-minute load average was ${load.toFixed(1)} on ${cores} ` +
      'cores at the end of this benchmark (other work on the machine), so the absolute rates are ' +
      'low and noisy; read the ratios, and rerun it on a quiet machine for numbers to quote.',
  ];
}
