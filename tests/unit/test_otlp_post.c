/* test_otlp_post.c — `--otlp-endpoint` (report/cli/otlp_post.c), run as the
 * binary against a receiver thread on loopback: one POST of the OTLP report
 * to /v1/traces, the collector's answer decides the exit status, and only
 * http:// loopback endpoints are accepted. */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct receiver {
	int fd;
	int port;
	int answer;     /* HTTP status to send */
	char *request;  /* head + body received */
	size_t len;
} receiver;

static void *serve(void *arg)
{
	receiver *r = arg;
	int c = accept(r->fd, NULL, NULL);
	if (c < 0)
		return NULL;
	size_t cap = 1 << 20;
	r->request = malloc(cap + 1);
	r->len = 0;
	for (;;) {
		if (r->len == cap) {
			cap *= 2;
			r->request = realloc(r->request, cap + 1);
		}
		ssize_t n = recv(c, r->request + r->len, cap - r->len, 0);
		if (n <= 0)
			break;
		r->len += (size_t)n;
		r->request[r->len] = '\0';
		const char *end = strstr(r->request, "\r\n\r\n");
		const char *cl = strstr(r->request, "Content-Length: ");
		if (end && cl && r->len >= (size_t)(end + 4 - r->request) + strtoul(cl + 16, NULL, 10))
			break;
	}
	char resp[128];
	int n = snprintf(resp, sizeof resp, "HTTP/1.1 %d X\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", r->answer);
	send(c, resp, (size_t)n, MSG_NOSIGNAL);
	close(c);
	return NULL;
}

static void start(receiver *r, pthread_t *t, int answer)
{
	*r = (receiver){.answer = answer};
	r->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(r->fd >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_int_equal(bind(r->fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(r->fd, 4), 0);
	socklen_t al = sizeof a;
	getsockname(r->fd, (struct sockaddr *)&a, &al);
	r->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(t, NULL, serve, r), 0);
}

static char *run(const char *args, int *status, char *err, size_t errsize)
{
	const char *bin = getenv("TFCLOCK_BIN");
	assert_non_null(bin);
	char errfile[512], cmd[4096];
	snprintf(errfile, sizeof errfile, "%s/otlp-post-err-%d.txt", TFC_BINARY_DIR, (int)getpid());
	snprintf(cmd, sizeof cmd, "'%s' report %s 2>'%s'", bin, args, errfile);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t cap = 1 << 24, n = 0, got;
	char *out = malloc(cap + 1);
	while ((got = fread(out + n, 1, cap - n, p)) > 0)
		n += got;
	out[n] = '\0';
	int st = pclose(p);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	char *e = tu_read_file(errfile, NULL);
	snprintf(err, errsize, "%s", e ? e : "");
	free(e);
	unlink(errfile);
	return out;
}

static const char *input(void) { return tu_src_path("tests/golden/inputs/timed_apply.log"); }

static void posts_the_report(void **state)
{
	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	receiver r;
	pthread_t t;
	start(&r, &t, 200);
	char args[2048], err[1024];
	snprintf(args, sizeof args, "--format otlp --otlp-endpoint http://127.0.0.1:%d '%s'", r.port, input());
	int status;
	char *out = run(args, &status, err, sizeof err);
	pthread_join(t, NULL);
	close(r.fd);
	assert_int_equal(status, 0);
	assert_string_equal(err, "");
	assert_non_null(r.request);
	assert_true(strncmp(r.request, "POST /v1/traces HTTP/1.1\r\n", 26) == 0);
	assert_non_null(strstr(r.request, "\r\nContent-Type: application/json\r\n"));
	char host[64];
	snprintf(host, sizeof host, "\r\nHost: 127.0.0.1:%d\r\n", r.port);
	assert_non_null(strstr(r.request, host));
	/* the body is exactly the OTLP report */
	const char *body = strstr(r.request, "\r\n\r\n") + 4;
	assert_string_equal(body, out);
	free(out);
	free(r.request);
}

static void explicit_path_and_localhost(void **state)
{
	(void)state;
	receiver r;
	pthread_t t;
	start(&r, &t, 202);
	char args[2048], err[1024];
	snprintf(args, sizeof args, "--format json --otlp-endpoint http://localhost:%d/otlp/v1/traces '%s'", r.port,
		 input());
	int status;
	char *out = run(args, &status, err, sizeof err);
	pthread_join(t, NULL);
	close(r.fd);
	/* localhost may resolve to ::1 first; the receiver listens on IPv4 only */
	assert_int_equal(status, 0);
	assert_true(strncmp(r.request, "POST /otlp/v1/traces HTTP/1.1\r\n", 31) == 0);
	free(out);
	free(r.request);
}

static void collector_error_fails(void **state)
{
	(void)state;
	receiver r;
	pthread_t t;
	start(&r, &t, 503);
	char args[2048], err[1024];
	snprintf(args, sizeof args, "--format json --otlp-endpoint http://127.0.0.1:%d/v1/traces '%s'", r.port, input());
	int status;
	char *out = run(args, &status, err, sizeof err);
	pthread_join(t, NULL);
	close(r.fd);
	assert_int_equal(status, 1);
	assert_non_null(strstr(err, "HTTP/1.1 503"));
	free(out);
	free(r.request);
}

static void refused_endpoints(void **state)
{
	(void)state;
	const char *bad[][2] = {
		{"http://192.0.2.1:4318", "not a loopback address"},
		{"https://127.0.0.1:4318", "only http://"},
		{"http://127.0.0.1:99999", "bad port"},
		{"http://127.0.0.1:1/v1/traces", "cannot connect"},
		{"http://[::1", "unterminated"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char args[2048], err[1024];
		snprintf(args, sizeof args, "--format json --otlp-endpoint '%s' '%s'", bad[i][0], input());
		int status;
		char *out = run(args, &status, err, sizeof err);
		assert_int_equal(status, 1);
		if (!strstr(err, bad[i][1]))
			fail_msg("%s: expected \"%s\" in: %s", bad[i][0], bad[i][1], err);
		free(out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(posts_the_report),
		cmocka_unit_test(explicit_path_and_localhost),
		cmocka_unit_test(collector_error_fails),
		cmocka_unit_test(refused_endpoints),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
