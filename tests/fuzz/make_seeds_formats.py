#!/usr/bin/env python3
"""make_seeds_formats.py — writes the seed corpora of fuzz_jsonui and fuzz_tflog
(tests/fuzz/corpus/{jsonui,tflog}/seed-*). Deterministic; the seeds are small
pieces of this project's own fixture cases plus hand-written edge cases, never
copies of the shared corpus. Usage: python3 tests/fuzz/make_seeds_formats.py"""
import os, sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
cases = os.path.join(root, "fixtures", "cases")

def fixture(name):
    with open(os.path.join(cases, name, "input.log"), "rb") as f:
        return f.read()

def chunks(data, n):
    """n pieces of whole lines each."""
    lines = data.splitlines(keepends=True)
    step = max(1, (len(lines) + n - 1) // n)
    return [b"".join(lines[i:i + step]) for i in range(0, len(lines), step)]

def write(folder, seeds):
    out = os.path.join(here, "corpus", folder)
    os.makedirs(out, exist_ok=True)
    for f in os.listdir(out):
        if f.startswith("seed-"):
            os.remove(os.path.join(out, f))
    for name, data in seeds.items():
        with open(os.path.join(out, "seed-" + name), "wb") as f:
            f.write(data)
    print(f"{folder}: {len(seeds)} seeds")

J = {}
for case in ("json-terraform-apply", "json-opentofu-apply", "json-interrupt", "json-plan"):
    for i, piece in enumerate(chunks(fixture(case), 3)):
        J[f"{case}-{i}.jsonl"] = piece
J["escapes.jsonl"] = (b'{"@module":"terraform.ui","@timestamp":"2024-01-01T00:00:00Z","type":"apply_start",'
                      b'"hook":{"resource":{"addr":"a.b[\\"k\\\\\\"\\u00e9\\ud83d\\ude00\\"]","resource_key":{"x":[1,2,{"y":null}]}},'
                      b'"action":"create"}}\n')
J["truncated.jsonl"] = b'{"@module":"terraform.ui","type":"apply_progress","hook":{"resource":{"addr":"a.b"},"elapsed_seconds":1e'
J["numbers.jsonl"] = (b'{"@module":"tofu.ui","type":"change_summary","changes":{"add":-0,"change":1.5e3,"remove":99999999999999999999,'
                      b'"import":"7","forget":true,"operation":"apply"}}\n')
J["deep.jsonl"] = b'{"@module":"terraform.ui","x":' + b"[" * 80 + b"]" * 80 + b',"type":"log","@message":"Apply cancelled"}\n'
J["binary.jsonl"] = b'{"@module":"terraform.ui","type":"ver\x00sion","tofu":"\xff\xfe"}\n{\x00}\n'
write("jsonui", J)

T = {}
for case in ("tflog-trace-text", "tflog-json", "tflog-stdlog-012", "tflog-plan-data-error",
             "mixed-nebari-tflog", "mixed-helm-one", "mixed-helm-overlap"):
    for i, piece in enumerate(chunks(fixture(case), 2)):
        T[f"{case}-{i}.log"] = piece
T["zones.log"] = (b"2024-01-05T01:28:08.594Z [INFO]  Terraform version: 1.5.7\n"
                  b"2025-05-16T08:22:42.361-0700 [DEBUG] x\n2022-04-15T00:00:17.178+1000 [TRACE] y\n"
                  b"2025-09-09T15:31:48.001364+03:00 [WARN]  z\n2024-01-05T01:28:08Z [ERROR] w\n"
                  b"2024-13-45T99:99:99.999Z [INFO]  bad date\n2020/01/16 18:13:48 [INFO] Terraform version: 0.11.14\n")
T["vertex-edge.log"] = (b'2024-01-05T01:28:08.000Z [TRACE] vertex "": starting visit (*terraform.NodeApplyableResourceInstance)\n'
                        b'2024-01-05T01:28:08.000Z [TRACE] vertex "a.b (destroy deposed zz)": starting visit (*terraform.X)\n'
                        b'2024-01-05T01:28:08.000Z [TRACE] vertex "a.b\\": visit complete\n'
                        b'2024-01-05T01:28:08.000Z [ERROR] vertex "\\xff\\U0010FFFF" error: \n'
                        b'2024-01-05T01:28:08.000Z [DEBUG] : applying the planned Create change\n'
                        b'2024-01-05T01:28:08.000Z [INFO]  CLI args: []string{"tf", "\n')
T["helm-edge.log"] = (b"2024-01-05T01:28:08.000Z [INFO]  provider.terraform-provider-helm_v2: 2024/01/05 01:28:08 [DEBUG] [resourceReleaseCreate: ] Started\n"
                      b"2024-01-05T01:28:08.000Z [INFO]  provider.terraform-provider-helm_v2: [resourceReleaseUpdate: x\n"
                      b"2024-01-05T01:28:08.000Z [INFO]  provider.terraform-provider-helm_v2: Installing chart \"\n"
                      b"2024-01-05T01:28:08.000Z [INFO]  provider.terraform-provider-helm_v2: creating  resource(s)\n"
                      b"2024-01-05T01:28:08.000Z [TRACE] provider.x: Received downstream response: tf_rpc=ApplyResourceChange tf_req_duration_ms=-5\n"
                      b"2024-01-05T01:28:08.000Z [TRACE] provider.x: Received downstream response: tf_rpc=ApplyResourceChange tf_req_duration_ms=1e999\n")
write("tflog", T)
