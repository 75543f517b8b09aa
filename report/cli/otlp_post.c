/* otlp_post.c — --otlp-endpoint: one HTTP/1.1 POST of OTLP/JSON to a
 * collector on this machine. Plain sockets, no TLS: the endpoint must be a
 * loopback address (a local collector or agent forwards it on), which keeps
 * the tool free of an HTTP library and of credentials. */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli_ext.h"

#define TIMEOUT_MS 10000

static int fail(char *err, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t size, const char *fmt, ...)
{
	if (err && size) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, size, fmt, ap);
		va_end(ap);
	}
	return 1;
}

typedef struct url {
	char host[256];
	char port[8];
	char path[1024];
} url;

/* http://HOST[:PORT][/PATH]; HOST may be [v6]. Missing path → /v1/traces. */
static bool parse_url(const char *s, url *u, char *err, size_t errsize)
{
	if (strncasecmp(s, "http://", 7) != 0) {
		fail(err, errsize, "only http:// endpoints are supported (got \"%s\")", s);
		return false;
	}
	s += 7;
	const char *host = s, *host_end;
	if (*s == '[') {
		host = s + 1;
		host_end = strchr(host, ']');
		if (!host_end) {
			fail(err, errsize, "unterminated [ in the endpoint's host");
			return false;
		}
		s = host_end + 1;
	} else {
		host_end = s + strcspn(s, ":/?#");
		s = host_end;
	}
	size_t hn = (size_t)(host_end - host);
	if (hn == 0 || hn >= sizeof u->host) {
		fail(err, errsize, "the endpoint has no usable host");
		return false;
	}
	memcpy(u->host, host, hn);
	u->host[hn] = '\0';
	snprintf(u->port, sizeof u->port, "4318");
	if (*s == ':') {
		s++;
		size_t pn = strspn(s, "0123456789");
		if (pn == 0 || pn >= sizeof u->port || atoi(s) <= 0 || atoi(s) > 65535) {
			fail(err, errsize, "bad port in the endpoint");
			return false;
		}
		memcpy(u->port, s, pn);
		u->port[pn] = '\0';
		s += pn;
	}
	if (*s == '\0' || strcmp(s, "/") == 0)
		s = "/v1/traces";
	if (*s != '/' || strlen(s) >= sizeof u->path || strpbrk(s, " \r\n")) {
		fail(err, errsize, "bad path in the endpoint");
		return false;
	}
	snprintf(u->path, sizeof u->path, "%s", s);
	return true;
}

static bool is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
		return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
	}
	return false;
}

static bool wait_fd(int fd, short events)
{
	struct pollfd p = {.fd = fd, .events = events};
	int r;
	do
		r = poll(&p, 1, TIMEOUT_MS);
	while (r < 0 && errno == EINTR);
	return r > 0;
}

static bool send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		if (!wait_fd(fd, POLLOUT))
			return false;
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static int connect_loopback(const url *u, char *err, size_t errsize)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
	struct addrinfo *res = NULL;
	int gai = getaddrinfo(u->host, u->port, &hints, &res);
	if (gai != 0)
		return -fail(err, errsize, "cannot resolve %s: %s", u->host, gai_strerror(gai));
	int fd = -1;
	bool refused_remote = false;
	for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
		if (!is_loopback(ai->ai_addr)) {
			refused_remote = true;
			continue;
		}
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	if (fd < 0) {
		if (refused_remote)
			return -fail(err, errsize,
				     "%s is not a loopback address: --otlp-endpoint only posts to a collector on this machine",
				     u->host);
		return -fail(err, errsize, "cannot connect to %s:%s: %s", u->host, u->port, strerror(errno));
	}
	return fd;
}

int cli_otlp_post(const char *endpoint, const char *body, size_t len, char *err, size_t errsize)
{
	url u;
	if (!endpoint || !parse_url(endpoint, &u, err, errsize))
		return 1;
	int fd = connect_loopback(&u, err, errsize);
	if (fd < 0)
		return 1;
	char head[1600];
	bool v6 = strchr(u.host, ':') != NULL;
	int hn = snprintf(head, sizeof head,
			  "POST %s HTTP/1.1\r\nHost: %s%s%s:%s\r\nUser-Agent: tfclock\r\n"
			  "Content-Type: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
			  u.path, v6 ? "[" : "", u.host, v6 ? "]" : "", u.port, len);
	if (!send_all(fd, head, (size_t)hn) || !send_all(fd, body, len)) {
		close(fd);
		return fail(err, errsize, "sending to %s failed: %s", endpoint, strerror(errno));
	}
	/* The status line is all we need; read until it is complete. */
	char resp[512];
	size_t got = 0;
	while (got < sizeof resp - 1 && !memchr(resp, '\n', got)) {
		if (!wait_fd(fd, POLLIN))
			break;
		ssize_t r = recv(fd, resp + got, sizeof resp - 1 - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	resp[got] = '\0';
	int status = 0;
	if (sscanf(resp, "HTTP/%*d.%*d %d", &status) != 1)
		return fail(err, errsize, "no HTTP answer from %s", endpoint);
	if (status < 200 || status > 299) {
		resp[strcspn(resp, "\r\n")] = '\0';
		return fail(err, errsize, "the collector answered \"%s\"", resp);
	}
	return 0;
}
