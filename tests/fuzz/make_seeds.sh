#!/usr/bin/env bash
# make_seeds.sh — writes the seed corpora of fuzz_plain and fuzz_archive
# (tests/fuzz/corpus/{plain,archive}/). Deterministic: the same bytes on
# every run, so a rerun shows no diff unless the script changed. Seeds are
# small fragments written here, never copies of the shared corpus.
# Usage: tests/fuzz/make_seeds.sh   (needs python3 and the zstd tool)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
plain="$here/corpus/plain"
arch="$here/corpus/archive"
mkdir -p "$plain" "$arch"
# Keep crash reproducers (crash-*, repro-*) that were committed by hand.
find "$plain" "$arch" -maxdepth 1 -type f -name 'seed-*' -delete

python3 - "$plain" "$arch" <<'PY'
import bz2, gzip, io, lzma, os, subprocess, sys, tarfile, zipfile

plain_dir, arch_dir = sys.argv[1], sys.argv[2]
E = "\x1b"

def bold(s):
    return f"{E}[0m{E}[1m{s}{E}[0m"

PLAIN = {
    "apply_color.log": "".join(bold(l) + "\n" for l in [
        "aws_vpc.main: Creating...",
        "aws_vpc.main: Creation complete after 2s [id=vpc-0a1b]",
        "module.net.aws_subnet.a[0]: Creating...",
        "module.net.aws_subnet.a[0]: Still creating... [10s elapsed]",
        "module.net.aws_subnet.a[0]: Creation complete after 11s [id=subnet-1]",
    ]) + f"\n{E}[0m{E}[1m{E}[32mApply complete! Resources: 2 added, 0 changed, 0 destroyed.{E}[0m\n",
    "apply_nocolor.log":
        "Terraform will perform the following actions:\n\n"
        "  # aws_instance.web[\"a\"] will be created\n"
        "  + resource \"aws_instance\" \"web\" {\n      + ami = \"ami-1\"\n    }\n\n"
        "Plan: 1 to add, 0 to change, 0 to destroy.\n"
        "aws_instance.web[\"a\"]: Creating...\n"
        "aws_instance.web[\"a\"]: Still creating... [1m0s elapsed]\n"
        "aws_instance.web[\"a\"]: Creation complete after 1m15s [id=i-0abc]\n\n"
        "Apply complete! Resources: 1 added, 0 changed, 0 destroyed.\n",
    "replace.log":
        "aws_ssm_parameter.p: Destroying... [id=p]\n"
        "aws_ssm_parameter.p: Destruction complete after 0s\n"
        "aws_ssm_parameter.p: Creating...\n"
        "aws_ssm_parameter.p: Creation complete after 1s [id=p]\n"
        "aws_ssm_parameter.q: Modifying... [id=q]\n"
        "aws_ssm_parameter.q: Modifications complete after 0s [id=q]\n"
        "aws_instance.old (deposed object 1a2b3c4d): Destroying... [id=i-old]\n"
        "aws_instance.old (deposed object 1a2b3c4d): Destruction complete after 31s\n"
        "\nApply complete! Resources: 1 added, 1 changed, 2 destroyed.\n",
    "diag_boxed.log":
        "aws_ssm_parameter.bad: Creating...\n"
        "╷\n│ Error: creating SSM Parameter (bad): ValidationException: bad name\n│ \n"
        "│   with aws_ssm_parameter.bad,\n│   on main.tf line 10, in resource \"aws_ssm_parameter\" \"bad\":\n"
        "│   10: resource \"aws_ssm_parameter\" \"bad\" {\n│ \n╵\n"
        "╷\n│ Warning: Deprecated attribute\n│ \n│   with module.x.aws_s3_bucket.b,\n╵\n",
    "diag_nocolor.log":
        "aws_ssm_parameter.bad2[0]: Creating...\n"
        "aws_ssm_parameter.bad2[1]: Creating...\n\n"
        "Error: creating SSM Parameter (bad2-0): AccessDenied\n\n"
        "  with aws_ssm_parameter.bad2[0],\n  on main.tf line 3, in resource \"aws_ssm_parameter\" \"bad2\":\n\n"
        "Error: Invalid provider configuration\n\n  Provider \"registry.terraform.io/hashicorp/aws\" requires explicit configuration.\n",
    "diag_color.log":
        f"{E}[31m╷{E}[0m{E}[0m\n{E}[31m│{E}[0m {E}[1m{E}[31mError: {E}[0m{E}[0m{E}[1mtimeout while waiting for state{E}[0m\n"
        f"{E}[31m│{E}[0m {E}[0m\n{E}[31m│{E}[0m {E}[0m  with module.eks.aws_eks_node_group.this[0],\n{E}[31m╵{E}[0m{E}[0m\n",
    "terragrunt.log":
        "15:18:16.293 STDOUT [unit1] tofu: null_resource.empty: Destroying... [id=1]\n"
        "15:18:16.295 STDOUT [unit1] tofu: null_resource.empty: Destruction complete after 0s\n"
        "15:18:16.301 STDOUT [unit2] tofu: null_resource.empty: Creating...\n"
        "15:18:17.302 STDOUT [unit2] tofu: null_resource.empty: Creation complete after 1s [id=2]\n"
        "15:18:17.400 INFO   [unit2] tofu: Apply complete! Resources: 1 added, 0 changed, 0 destroyed.\n"
        "INFO[0003] Running command: terraform apply   prefix=[/abs/unit]\n",
    "github_actions.log":
        "2024-05-01T10:00:00.1000000Z ##[group]Run terraform apply -auto-approve\n"
        "2024-05-01T10:00:00.2000000Z ##[endgroup]\n"
        "2024-05-01T10:00:00.3000000Z [command]/home/runner/work/_temp/terraform-bin apply -auto-approve\n"
        "2024-05-01T10:00:01.0000000Z aws_instance.web: Creating...\n"
        "2024-05-01T10:00:11.0000000Z aws_instance.web: Still creating... [10s elapsed]\n"
        "2024-05-01T10:00:13.5000000Z aws_instance.web: Creation complete after 12s [id=i-1]\n"
        "2024-05-01T10:00:13.7000000Z ::debug::done\n"
        "2024-05-01T10:00:13.8000000Z ##[warning]slow\n",
    "nebari.log":
        "[terraform]: module.kubernetes.helm_release.argo: Creating...\n"
        "[terraform]: module.kubernetes.helm_release.argo: Still creating... [20s elapsed]\n"
        "[tofu]: module.kubernetes.helm_release.argo: Creation complete after 24s [id=argo]\n",
    "tf011.log":
        "cloudflare_worker_script.my_script: Creating...\n  content: \"\" => \"x\"\n"
        "cloudflare_worker_script.my_script: Creation complete after 1s (ID: abc)\n"
        "cloudflare_worker_route.my_route: Still creating... (10s elapsed)\n",
    "destroy.log":
        "data.aws_ami.ubuntu: Reading...\ndata.aws_ami.ubuntu: Read complete after 0s [id=ami-1]\n"
        "aws_instance.a: Destroying... [id=i-1]\naws_instance.a: Still destroying... [id=i-1, 2m30s elapsed]\n"
        "aws_instance.a: Destruction complete after 2m41s\n\nDestroy complete! Resources: 1 destroyed.\n",
    "import_refresh.log":
        "aws_s3_bucket.b: Refreshing state... [id=b]\n"
        "aws_s3_bucket.c: Importing... [id=c]\naws_s3_bucket.c: Import complete [id=c]\n"
        "ephemeral.aws_secret.s: Opening...\nephemeral.aws_secret.s: Opening complete after 0s\n"
        "ephemeral.aws_secret.s: Closing...\nephemeral.aws_secret.s: Closing complete after 0s\n",
    "interrupt.log":
        "time_sleep.wait: Creating...\ntime_sleep.wait: Still creating... [10s elapsed]\n"
        "Interrupt received.\nPlease wait for Terraform to exit or data loss may occur.\n"
        "Gracefully shutting down...\nStopping operation...\n",
    "provisioner.log":
        "null_resource.foo: Creating...\nnull_resource.foo: Provisioning with 'local-exec'...\n"
        "null_resource.foo (local-exec): Executing: [\"/bin/sh\" \"-c\" \"exit 1\"]\n"
        "null_resource.foo (local-exec): hello\nnull_resource.foo: Creation complete after 0s [id=1]\n",
    "json_mixed.log":
        '{"@level":"info","@message":"aws_instance.a: Creating...","@module":"terraform.ui","@timestamp":"2024-05-01T10:00:00.000000Z","hook":{"resource":{"addr":"aws_instance.a","resource_type":"aws_instance","resource_name":"a"},"action":"create"},"type":"apply_start"}\n'
        "aws_instance.b: Creating...\n"
        "2024-05-01T10:00:01.000Z [DEBUG] provider.terraform-provider-aws: request: tf_req_duration_ms=1200\n",
}

BINARY = {
    "crlf.log": b"aws_vpc.main: Creating...\r\naws_vpc.main: Creation complete after 2s [id=v]\r\n",
    "bom_utf8.log": b"\xef\xbb\xbfaws_vpc.main: Creating...\naws_vpc.main: Creation complete after 2s\n",
    "bom_utf16le.log": b"\xff\xfe" + "aws_vpc.main: Creating...\r\naws_vpc.main: Creation complete after 2s\r\n".encode("utf-16-le"),
    "nul_bytes.log": b"aws_vpc.main: Crea\x00ting...\n\x00\x00\naws_vpc.main: Creation complete after 2s\x00\n",
    "invalid_utf8.log": b"aws_vpc.m\xffain: Creating...\n\xc3(\xa0\xa1 \xf0\x28\x8c\x28\naws_vpc.main: Creation complete after \xe2\x82s\n",
    "long_line.log": b"aws_vpc.main: Creating...\n" + b"x" * 3000 + b"\naws_vpc.main: Creation complete after 2s\n",
    "truncated.log": b"aws_vpc.main: Creating...\naws_vpc.main: Still creating... [10s elap",
    "glued.log": b"aws_a.x: Creating...aws_b.y: Creating...\naws_a.x: Creation complete after 1saws_b.y: Creation complete after 2s\n",
    "ansi_remnants.log": b"[0m[1maws_vpc.main: Creating...[0m\n[0m[1maws_vpc.main: Creation complete after 2s [id=v][0m\n\x1b[38;5;248m[10:32:21.572]\x1b[0m aws_x.y: Creating...\n",
    "empty.log": b"",
}

n = 0
for name, text in PLAIN.items():
    with open(os.path.join(plain_dir, "seed-" + name), "wb") as f:
        f.write(text.encode())
    n += 1
for name, data in BINARY.items():
    with open(os.path.join(plain_dir, "seed-" + name), "wb") as f:
        f.write(data)
    n += 1
print(f"plain: {n} seeds")

# ---- archives --------------------------------------------------------------

NET = PLAIN["apply_nocolor.log"].encode()
DESTROY = PLAIN["destroy.log"].encode()
GH = PLAIN["github_actions.log"].encode()
DATE = (2024, 5, 1, 10, 0, 0)

def zip_bytes(members, store=False):
    buf = io.BytesIO()
    comp = zipfile.ZIP_STORED if store else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buf, "w", comp) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = comp
            if data is None:
                info.external_attr = 0o40755 << 16
                z.writestr(info, b"")
            else:
                info.external_attr = 0o644 << 16
                z.writestr(info, data)
    return buf.getvalue()

def tar_bytes(members):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data in members:
            ti = tarfile.TarInfo(name)
            ti.mtime = 1714557600
            if data is None:
                ti.type = tarfile.DIRTYPE
                ti.mode = 0o755
                t.addfile(ti)
            elif isinstance(data, tuple):  # ("symlink", target)
                ti.type = tarfile.SYMTYPE
                ti.linkname = data[1]
                t.addfile(ti)
            else:
                ti.size = len(data)
                ti.mode = 0o644
                t.addfile(ti, io.BytesIO(data))
    return buf.getvalue()

def gz(data):
    return gzip.compress(data, mtime=0)

def zst(data):
    return subprocess.run(["zstd", "-q", "-c", "-3", "--no-check"], input=data, stdout=subprocess.PIPE, check=True).stdout

STAGES = [("01-net.log", NET), ("02-apply/", None), ("02-apply/aws/apply.log", GH), ("03-destroy.txt", DESTROY),
          ("02-apply/main.tf", b"resource \"null_resource\" \"x\" {}\n")]

inner = zip_bytes([("apply.log", NET), ("deeper.tgz", gz(tar_bytes([("x.log", DESTROY)])))])

ARCH = {
    "stages.zip": zip_bytes(STAGES),
    "stages_stored.zip": zip_bytes(STAGES, store=True),
    "stages.tar": tar_bytes(STAGES),
    "stages.tgz": gz(tar_bytes(STAGES)),
    "stages.txz": lzma.compress(tar_bytes(STAGES), preset=1),
    "stages.tbz2": bz2.compress(tar_bytes(STAGES), 1),
    "stages.tzst": zst(tar_bytes(STAGES)),
    "top_folder.tgz": gz(tar_bytes([("logs/", None)] + [("logs/" + n, d) for n, d in STAGES])),
    "dot_slash.tar": tar_bytes([("./", None), ("./apply.log", NET), ("./.terraform/x.log", NET)]),
    "github_run.zip": zip_bytes([("1_deploy (prod).txt", GH), ("2_lint.txt", b"2024-05-01T10:00:00.0000000Z ok\n"),
                                 ("deploy (prod)/1_Set up job.txt", b"2024-05-01T10:00:00.0000000Z setup\n"),
                                 ("deploy (prod)/2_Terraform apply.txt", GH), ("lint/1_Run.txt", b"x\n")]),
    "github_old.zip": zip_bytes([("0_plan.txt", GH), ("plan/system.txt", b"runner 2.316\n")]),
    "macos.zip": zip_bytes([("logs/", None), ("logs/apply.log", NET), ("__MACOSX/", None),
                            ("__MACOSX/logs/._apply.log", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")]),
    "nested.zip": zip_bytes([("01-net.log", NET), ("02-inner.zip", inner), ("03-more.tar.zst", zst(tar_bytes([("d.log", DESTROY)])))]),
    "unsafe.tar": tar_bytes([("../evil.log", NET), ("/abs.log", NET), ("ok/../../up.log", NET), ("ok.log", NET),
                             ("link.log", ("symlink", "/etc/passwd"))]),
    "unsafe.zip": zip_bytes([("../evil.log", NET), ("C:\\win.log", NET), ("ok.log", NET)]),
    "log.gz": gz(NET),
    "log.xz": lzma.compress(DESTROY, preset=1),
    "empty.zip": zip_bytes([]),
    "empty.tar": tar_bytes([]),
}
# Damage: cut in half, bytes flipped in the middle.
for name in ("stages.zip", "stages.tgz", "stages.tzst"):
    data = ARCH[name]
    ARCH["cut_" + name] = data[: len(data) // 2]
    flipped = bytearray(data)
    for i in range(len(data) // 2, min(len(data), len(data) // 2 + 8)):
        flipped[i] ^= 0x5A
    ARCH["flipped_" + name] = bytes(flipped)

for name, data in ARCH.items():
    with open(os.path.join(arch_dir, "seed-" + name), "wb") as f:
        f.write(data)
print(f"archive: {len(ARCH)} seeds")
PY
