# Hostile messages to a running `ce kernel`: a wrong signature, unknown message
# types on shell and control, a frame that is not a message. Prints one JSON
# object of the replies and the kernel's log; KernelTests checks it.
# usage: kernel_bad_input.py CE_EXECUTABLE SCRATCH_FOLDER
import json, os, subprocess, sys, time

ce, scratch = sys.argv[1], sys.argv[2]
subprocess.run([ce, "kernel", "install", "--prefix", scratch], check=True, capture_output=True)
os.environ["JUPYTER_PATH"] = os.path.join(scratch, "share", "jupyter")

from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

log_path = os.path.join(scratch, "kernel.log")
km = KernelManager(kernel_name="ce")
with open(log_path, "w") as log:
    km.start_kernel(stderr=log, cwd=scratch)
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=60)
report = {}

# A message signed with another key: dropped with a log line, never run.
forged = Session(key=b"not-the-key")
forged.send(kc.shell_channel.socket, "execute_request",
            {"code": "forged = 1", "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False})
# A multipart message without the delimiter.
kc.shell_channel.socket.send_multipart([b"garbage", b"frames"])

# A frame over the kernel's 64 MiB limit (ZMQ_MAXMSGSIZE) on a connection of its own: ZeroMQ closes that
# connection before the frame is allocated, so the kernel never sees it (else it logs "(5 frames)").
import zmq
flood = zmq.Context.instance().socket(zmq.DEALER)
flood.connect(f"{km.transport}://{km.ip}:{km.shell_port}")
flood.send_multipart([b"small", b"probe", b"frames"])  # logged with its 4 frames: the connection works
time.sleep(0.5)
flood.send_multipart([b"big", b"x" * (65 << 20), b"more", b"frames"])
time.sleep(1)
flood.close(linger=0)

kc.shell_channel.send(kc.session.msg("frobnicate_request", {}))
reply = kc.get_shell_msg(timeout=30)
report["shell_unknown"] = [reply["msg_type"], reply["content"]["status"], reply["content"].get("ename")]

kc.control_channel.send(kc.session.msg("frobnicate_request", {}))
reply = kc.control_channel.get_msg(timeout=30)
report["control_unknown"] = [reply["msg_type"], reply["content"]["status"]]

# Still running: the forged cell did not define `forged`, a real cell works.
reply = kc.execute_interactive("forged", output_hook=lambda m: None, timeout=30)["content"]
report["forged_ran"] = reply["status"] == "ok"
results = []
reply = kc.execute_interactive("6 * 7", output_hook=lambda m: results.append(m["content"].get("data", {}).get("text/plain")),
                               timeout=30)["content"]
report["still_running"] = [reply["status"], [r for r in results if r]]

kc.stop_channels()
km.shutdown_kernel(now=False)
with open(log_path) as log:
    report["log"] = log.read().splitlines()
print(json.dumps(report))
