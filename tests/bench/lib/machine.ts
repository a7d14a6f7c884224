// Describes the machine a benchmark ran on: cores, CPU model, memory, Node, fd limit, load.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

/** The machine facts printed with every benchmark result. */
export interface MachineInfo {
  date: string;
  nproc: number;
  cpuModel: string;
  memTotalGiB: number;
  node: string;
  platform: string;
  fdLimitSoft: string;
  fdLimitHard: string;
  loadAverage: number[];
}

function shell(command: string): string {
  try {
    return execFileSync("/bin/sh", ["-c", command], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("model name"));
    return line?.split(":")[1]?.trim() ?? "unknown";
  } catch {
    return os.cpus()[0]?.model ?? "unknown";
  }
}

/** Collects the machine facts (nproc, /proc/cpuinfo model, Node version, fd limits, date). */
export function describeMachine(): MachineInfo {
  return {
    date: new Date().toISOString(),
    nproc: Number(shell("nproc")) || os.availableParallelism(),
    cpuModel: cpuModel(),
    memTotalGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    fdLimitSoft: shell("ulimit -Sn"),
    fdLimitHard: shell("ulimit -Hn"),
    loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

/** One printable line per machine fact. */
export function formatMachine(info: MachineInfo): string {
  return [
    `date        ${info.date}`,
    `machine     ${info.nproc} cores, ${info.cpuModel}, ${info.memTotalGiB} GiB, ${info.platform}`,
    `node        ${info.node}`,
    `fd limit    soft ${info.fdLimitSoft}, hard ${info.fdLimitHard}`,
    `load avg    ${info.loadAverage.join(" ")} (at start; other work shares these cores)`,
  ].join("\n");
}
