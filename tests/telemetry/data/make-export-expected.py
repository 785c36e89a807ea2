#!/usr/bin/env python3
"""Regenerates export-expected.json: what the real @genkit-ai/telemetry-server answers after
receiving every POST captured in ../shared/fixtures/genkit-js/telemetry-export/, in order.

test-telemetry-server compares our server's answers with it, field for field.

Usage: make-export-expected.py NODE_MODULES_DIR [SHARED_DIR]
  NODE_MODULES_DIR: node_modules of `npm ci` run in a copy of fixtures/genkit-js/app
  (it holds @genkit-ai/telemetry-server 1.43.0).
"""
import glob
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

here = os.path.dirname(os.path.abspath(__file__))
node_modules = os.path.abspath(sys.argv[1])
shared = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, '..', '..', '..', '..', 'shared'))
fixtures = os.path.join(shared, 'fixtures', 'genkit-js')
standalone = os.path.join(fixtures, 'app', 'capture', 'telemetry-standalone.cjs')

with socket.socket() as s:
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
store = tempfile.mkdtemp(prefix='tsrv-')
env = dict(os.environ, NODE_PATH=node_modules)
server = subprocess.Popen(['node', standalone, str(port), store], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
base = f'http://127.0.0.1:{port}'


def request(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, r.read().decode()


try:
    for _ in range(200):
        try:
            request('GET', '/api/__health')
            break
        except OSError:
            time.sleep(0.05)
    trace_ids = []
    for variant in ('realtime', 'simple'):
        for f in sorted(glob.glob(os.path.join(fixtures, 'telemetry-export', variant, '*.json'))):
            ex = json.load(open(f))
            status, _ = request(ex['request']['method'], ex['request']['path'], ex['request']['body'])
            assert status == 200, (f, status)
            tid = ex['request']['body'].get('traceId')
            if tid and tid not in trace_ids:
                trace_ids.append(tid)
    out = {'traces': {}, 'list': None, 'logs': None}
    for tid in trace_ids:
        out['traces'][tid] = json.loads(request('GET', f'/api/traces/{tid}')[1])
    out['list'] = json.loads(request('GET', '/api/traces?limit=10')[1])
    logs = json.loads(request('GET', '/api/logs?limit=10')[1])
    for log in logs['logs']:
        log['logId'] = '<random>'
    out['logs'] = logs
    with open(os.path.join(here, 'export-expected.json'), 'w') as f:
        json.dump(out, f, indent=2)
        f.write('\n')
finally:
    server.terminate()
    server.wait()
