"""Resident memory of gunicorn's workers, read from /proc while the soak runs (Linux only)."""

import os
import threading
import time


def children_of(parent_pid):
    """Pids whose parent is parent_pid: gunicorn's master forks only its workers."""
    children = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as stat:
                # "pid (comm) state ppid …": comm may hold spaces, so split after its ")".
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent_pid:
            children.append(int(name))
    return sorted(children)


def rss_kb(pid):
    """VmRSS of pid in kB, or None once the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class Sampler(threading.Thread):
    """Every `every` seconds, (seconds since start, pid, rss_kb) for each worker of master,
    and the machine's load average."""

    def __init__(self, master_pid, every):
        super().__init__(daemon=True)
        self.master_pid, self.every = master_pid, every
        self.samples = []
        self.loads = []  # 1-minute load average at each sample
        self.started = time.monotonic()
        self.stopping = threading.Event()

    def sample(self):
        now = time.monotonic() - self.started
        self.loads.append(os.getloadavg()[0])
        for pid in children_of(self.master_pid):
            rss = rss_kb(pid)
            if rss is not None:
                self.samples.append((now, pid, rss))

    def run(self):
        while not self.stopping.wait(self.every):
            self.sample()

    def stop(self):
        """Stop and take a last sample, so "last" is the state at the end of the load."""
        self.stopping.set()
        self.join()
        self.sample()
