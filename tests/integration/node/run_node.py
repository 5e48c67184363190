"""Starts the server under test (RINGDB_SERVER) and runs resp3_client.mjs against it."""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

import harness  # noqa: E402

NODE_TIMEOUT_S = 60


def main():
    server = harness.Server(harness.server_binary_from_env())
    try:
        server.start()
        proc = subprocess.run(["node", os.path.join(HERE, "resp3_client.mjs"), str(server.port)],
                              cwd=HERE, timeout=NODE_TIMEOUT_S)
        if proc.returncode != 0:
            print(server.log())
        return proc.returncode
    except harness.ServerError as e:
        print(e)
        return 1
    finally:
        server.cleanup()


if __name__ == "__main__":
    sys.exit(main())
