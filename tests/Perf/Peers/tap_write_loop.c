/*
 * The injection ceiling: write() the same frame into an open TAP fd in a tight loop, as fast as the kernel
 * takes it, and print "FRAMES SECONDS". Bounded by both time and count.
 *
 *   tap_write_loop FD FRAME_FILE SECONDS MAX_FRAMES
 *
 * FD is inherited from the harness (the very TAP it injects into); FRAME_FILE holds the bytes of one write,
 * virtio-net header included. The clock is read every 64 writes, as the harness's loop does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s FD FRAME_FILE SECONDS MAX_FRAMES\n", argv[0]);
        return 2;
    }
    int fd = atoi(argv[1]);
    double duration = atof(argv[3]);
    long max_frames = atol(argv[4]);

    static unsigned char frame[70000];
    FILE *file = fopen(argv[2], "rb");
    if (!file) {
        perror(argv[2]);
        return 2;
    }
    size_t length = fread(frame, 1, sizeof frame, file);
    fclose(file);

    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    long frames = 0;
    double elapsed;
    do {
        for (int i = 0; i < 64; i++) {
            if (write(fd, frame, length) != (ssize_t)length) {
                fprintf(stderr, "write after %ld frames: %s\n", frames, strerror(errno));
                return 1;
            }
        }
        frames += 64;
        elapsed = seconds_since(&start);
    } while (elapsed < duration && frames < max_frames);

    printf("%ld %.9f\n", frames, elapsed);
    return 0;
}
