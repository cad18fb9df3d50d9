import time
import multiprocessing as mp

def ping(conn, ready):
    ready.wait()
    conn.send("hello")
    print("child got", conn.recv(), flush=True)
    conn.send_bytes(b"raw bytes")
    conn.close()

if __name__ == "__main__":
    # Parent and child both print: flush so that a redirected stdout keeps
    # the order of events (each process has its own buffer in CPython).
    parent, child = mp.Pipe()
    ready = mp.Event()
    p = mp.Process(target=ping, args=(child, ready))
    p.start()
    print("poll before ready:", parent.poll(0.1), flush=True)
    ready.set()
    print("poll after ready:", parent.poll(1.0), flush=True)
    print(parent.recv(), flush=True)
    parent.send({"reply": [1, 2]})
    print(parent.recv_bytes(), flush=True)
    p.join()
    r, w = mp.Pipe(duplex=False)
    w.send(42)
    print(r.recv(), r.readable, r.writable, w.readable, w.writable, flush=True)
