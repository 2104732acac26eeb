// ZeroMQ (libzmq3-dev): the sockets of the Jupyter kernel. Types and constants
// only: the library is loaded on first use (Shell/Kernel/ZeroMQLibrary.swift).
#include <zmq.h>
