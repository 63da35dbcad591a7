/* One TCP connect() and close(), for a static binary: wirelab's tracer must see its calls
 * without any C library hook. Usage: connect_once PORT */
#include <arpa/inet.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    struct sockaddr_in to = {0};
    int s = socket(AF_INET, SOCK_STREAM, 0);
    to.sin_family = AF_INET;
    to.sin_port = htons(argc > 1 ? atoi(argv[1]) : 9);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int r = connect(s, (struct sockaddr *)&to, sizeof to);
    close(s);
    return r == 0 ? 0 : 3;
}
