#!/usr/bin/env python3
"""Where a crawler process spends its CPU (docs/benchmarks.md, "Where the CPU goes").

  scripts/cpu-breakdown.py threads OUT
      Waits for each `java ... mpp-census.jar scan` process to start, polls its threads
      (/proc/PID/task) every 0.3 s until it exits, and appends its CPU seconds per group of threads
      to OUT: JIT compilers, GC and VM threads, Jetty's threads, virtual-thread carriers, main.
      Runs until stopped (start it before the benchmark, stop it afterwards).

  jfr print --events jdk.CPUTimeSample --stack-depth 96 crawler.jfr > samples.txt
  scripts/cpu-breakdown.py samples samples.txt [--detail CATEGORY-PREFIX DEPTH]
      Sorts the samples of the Java threads into categories by their innermost frame that belongs to
      one (TLS, Jetty, JSON, evidence, database, ...); the main thread's samples count as start-up.
      --detail lists the most frequent stack tops of one category. jdk.ExecutionSample output works
      too, but misses the time in native code (BoringSSL's TLS, system calls).

The recording: -XX:StartFlightRecording=filename=crawler.jfr,settings=profile,
jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=2ms (JDK 25, Linux).
"""
import collections
import os
import re
import sys
import time

CATEGORIES = [  # (category, frame prefixes): the first category of the innermost matching frame wins
    ('exceptions (stack traces)', ('java.lang.Throwable.fillInStackTrace', 'java.lang.StackTraceElement')),
    ('TLS (handshakes, records, certificate checks)', (
        'org.conscrypt.', 'sun.security.', 'javax.net.ssl.', 'com.sun.crypto.', 'javax.crypto.', 'java.security.',
        'org.eclipse.jetty.io.ssl.', 'dev.mppcensus.fetch.TlsTransport', 'dev.mppcensus.fetch.TlsEngineRelease',
        'dev.mppcensus.fetch.TrustDecisions')),
    ('JSON (Jackson)', ('tools.jackson.', 'com.fasterxml.jackson.')),
    ('logging', ('ch.qos.logback.', 'org.slf4j.')),
    ('database (JDBC, PostgreSQL, Hikari, Hibernate)', (
        'org.postgresql.', 'com.zaxxer.', 'org.springframework.jdbc.', 'org.hibernate.', 'dev.mppcensus.store.',
        'org.springframework.orm.', 'org.springframework.transaction.')),
    ("metrics (Micrometer: the census's meters, Spring Batch's observations)", (
        'io.micrometer.', 'dev.mppcensus.census.ScanMetrics')),
    ('Spring Batch', ('org.springframework.batch.',)),
    ('evidence building', ('dev.mppcensus.scan.Evidence', 'dev.mppcensus.scan.Utf8Length')),
    ('body handling', ('dev.mppcensus.fetch.ResponseCollector.onContent', 'dev.mppcensus.fetch.ResponseCollector.body',
                       'dev.mppcensus.fetch.ResponseCollector.ensureCapacity')),
    ('response headers (Jetty fields to HttpHeaders)', ('dev.mppcensus.fetch.ResponseCollector.convert',
                                                        'java.net.http.HttpHeaders')),
    ('detection (parsers, classifier)', ('dev.mppcensus.detection.',)),
    ('HTTP parsing and generation (Jetty)', ('org.eclipse.jetty.http.',)),
    ('Jetty client (connections, pools, destinations, buffers)', (
        'org.eclipse.jetty.client.', 'org.eclipse.jetty.http2.', 'org.eclipse.jetty.util.', 'org.eclipse.jetty.io.',
        'org.eclipse.jetty.alpn.')),
    ('DNS and --connect-to', ('dev.mppcensus.fetch.ConnectToResolver', 'dev.mppcensus.fetch.DnsResolver', 'org.xbill.',
                              'java.net.InetAddress')),
    ('crawler (scan, fetch, census)', ('dev.mppcensus.',)),
    ('socket system calls (NIO)', ('sun.nio.ch.', 'java.nio.channels.', 'sun.nio.')),
    ('threads (virtual threads, parking, queues, timers)', (
        'java.lang.VirtualThread', 'jdk.internal.vm.', 'java.util.concurrent.', 'java.lang.Thread.')),
    ('Spring (other)', ('org.springframework.',)),
]
START_UP = 'start-up (main thread: JVM, Spring, Flyway, staging)'


def category(thread, frames):
    if thread == 'main':
        return START_UP
    for frame in frames:
        for name, prefixes in CATEGORIES:
            if frame.startswith(prefixes):
                return name
    return 'other (JDK)'


def read_samples(path):
    samples, thread, frames = [], None, None
    with open(path) as lines:
        for line in lines:
            s = line.strip()
            if s.startswith(('sampledThread', 'eventThread')):
                thread = re.sub(r'"\s.*', '', s.split('= "', 1)[1])
            elif s.startswith('stackTrace = ['):
                frames = []
            elif frames is not None and s == ']':
                samples.append((thread, frames))
                frames = None
            elif frames is not None and s != '...':
                frames.append(s)
    return samples


def samples_command(path, detail=None, depth=6):
    samples = read_samples(path)
    counts = collections.Counter(category(t, f) for t, f in samples)
    total = len(samples)
    print(f'{total} samples')
    for name, n in counts.most_common():
        print(f'{n:7d} {100 * n / total:5.1f}%  {name}')
    if detail:
        tops = collections.Counter(
            ' < '.join(re.sub(r'\(.*', '', frame) for frame in f[:depth])
            for t, f in samples if category(t, f).startswith(detail))
        print(f'\n{detail}: most frequent stack tops')
        for top, n in tops.most_common(30):
            print(f'{n:7d}  {top}')


def thread_group(name):
    if name.startswith('C2 Compiler'):
        return 'JIT (C2)'
    if name.startswith('C1 Compiler'):
        return 'JIT (C1)'
    if re.match(r'(GC Thread|G1 |VM Thread|VM Periodic)', name):
        return 'GC and VM threads'
    if name.startswith(('ForkJoinPool', 'scanPartition')):
        return 'virtual-thread carriers (scans, writer)'
    if name.startswith('mpp-fetch'):
        return "Jetty's threads (selectors, TLS, parsing)"
    if name in ('java', 'main'):
        return 'main (start-up)'
    return 'other threads'


def crawler_pid(seen):
    for pid in os.listdir('/proc'):
        if not pid.isdigit() or pid in seen:
            continue
        try:
            with open(f'/proc/{pid}/cmdline', 'rb') as f:
                args = f.read().split(b'\0')
        except OSError:
            continue
        if args and args[0].endswith(b'java') and b'scan' in args and any(a.endswith(b'mpp-census.jar') for a in args):
            return pid
    return None


def threads_command(out):
    ticks, seen = os.sysconf('SC_CLK_TCK'), set()
    while True:
        pid = crawler_pid(seen)
        if pid is None:
            time.sleep(0.2)
            continue
        seen.add(pid)
        last = {}
        while os.path.exists(f'/proc/{pid}'):
            try:
                for tid in os.listdir(f'/proc/{pid}/task'):
                    try:
                        with open(f'/proc/{pid}/task/{tid}/stat') as f:
                            stat = f.read()
                    except OSError:
                        continue
                    fields = stat[stat.rindex(')') + 2:].split()
                    last[tid] = (stat[stat.index('(') + 1:stat.rindex(')')], (int(fields[11]) + int(fields[12])) / ticks)
            except OSError:
                pass
            time.sleep(0.3)
        groups = collections.Counter()
        for name, seconds in last.values():
            groups[thread_group(name)] += seconds
        with open(out, 'a') as f:
            f.write(f'pid {pid}: {sum(groups.values()):.1f} s of CPU in its threads\n')
            for group, seconds in groups.most_common():
                f.write(f'  {seconds:7.1f} s  {group}\n')


if __name__ == '__main__':
    if len(sys.argv) >= 3 and sys.argv[1] == 'threads':
        threads_command(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == 'samples':
        args = sys.argv[3:]
        if args[:1] == ['--detail'] and len(args) >= 2:
            samples_command(sys.argv[2], args[1], int(args[2]) if len(args) > 2 else 6)
        else:
            samples_command(sys.argv[2])
    else:
        sys.exit(__doc__)
