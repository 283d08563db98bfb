/*
 * A TCP relay that never copies a byte into user space: splice(2) moves the data from one socket into a pipe and from
 * the pipe into the other socket by page reference. RelayCeilingBenchmark compiles and runs it as the upper bound of
 * what any relay (Postern included) can reach between two loopback connections on the machine.
 *
 *   splice-relay <listen-port> <target-port>    (both on 127.0.0.1; prints "ready" once listening)
 *
 * Each accepted connection gets a connection to the target and a thread per direction; a direction that reaches its
 * end shuts down writing on the other socket. Benchmark tooling only, not part of Postern.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHUNK (1 << 20)

struct direction {
    int from;
    int to;
};

static void *pump(void *argument) {
    struct direction *d = argument;
    int pipe_ends[2];
    if (pipe(pipe_ends) != 0) {
        perror("pipe");
        exit(1);
    }
    fcntl(pipe_ends[1], F_SETPIPE_SZ, CHUNK);
    for (;;) {
        ssize_t in = splice(d->from, NULL, pipe_ends[1], NULL, CHUNK, SPLICE_F_MOVE | SPLICE_F_MORE);
        if (in <= 0) {
            break;
        }
        while (in > 0) {
            ssize_t out = splice(pipe_ends[0], NULL, d->to, NULL, in, SPLICE_F_MOVE | SPLICE_F_MORE);
            if (out <= 0) {
                goto done;
            }
            in -= out;
        }
    }
done:
    shutdown(d->to, SHUT_WR);
    close(pipe_ends[0]);
    close(pipe_ends[1]);
    return NULL;
}

static struct sockaddr_in loopback(int port) {
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port)};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s <listen-port> <target-port>\n", argv[0]);
        return 2;
    }
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int yes = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    struct sockaddr_in here = loopback(atoi(argv[1]));
    if (bind(listener, (struct sockaddr *) &here, sizeof here) != 0 || listen(listener, 16) != 0) {
        perror("listen");
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        int client = accept(listener, NULL, NULL);
        if (client < 0) {
            perror("accept");
            return 1;
        }
        int target = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in there = loopback(atoi(argv[2]));
        if (connect(target, (struct sockaddr *) &there, sizeof there) != 0) {
            perror("connect");
            close(client);
            close(target);
            continue;
        }
        struct direction down = {target, client};
        struct direction up = {client, target};
        pthread_t one, two;
        pthread_create(&one, NULL, pump, &down);
        pthread_create(&two, NULL, pump, &up);
        pthread_join(one, NULL);
        pthread_join(two, NULL);
        close(client);
        close(target);
    }
}
