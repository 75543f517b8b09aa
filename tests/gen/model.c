/* model.c — a random deployment: nested modules, count and for_each keys with
 * awkward characters, resource ids with spaces and commas, an action mix with
 * both kinds of replace, durations from 0s to over an hour, failures. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

/* ---- what resources look like ----------------------------------------- */

enum idkind {
	ID_NONE, ID_INSTANCE, ID_NAME, ID_ATTACHMENT, ID_SGRULE, ID_ROUTE53, ID_NODEGROUP,
	ID_GCP_PATH, ID_AZURE, ID_LISTENER, ID_NUMERIC, ID_TIMESTAMP, ID_HEX40, ID_SPACES,
	ID_ACCOUNT, ID_PARTITION, ID_HASH, ID_AMI, ID_REGION, ID_URL,
};

typedef struct gtype {
	const char *type;
	const char *provider;
	bool data;
	uint8_t id;
	uint8_t speed; /* 0 quick, 1 medium, 2 slow (clusters, node groups, Helm) */
} gtype;

static const gtype types[] = {
	{"aws_instance", "aws", false, ID_INSTANCE, 1},
	{"aws_iam_role", "aws", false, ID_NAME, 0},
	{"aws_iam_role_policy_attachment", "aws", false, ID_ATTACHMENT, 0},
	{"aws_security_group_rule", "aws", false, ID_SGRULE, 0},
	{"aws_s3_bucket", "aws", false, ID_SPACES, 0},
	{"aws_route53_record", "aws", false, ID_ROUTE53, 1},
	{"aws_eks_node_group", "aws", false, ID_NODEGROUP, 2},
	{"aws_lb_target_group_attachment", "aws", false, ID_LISTENER, 0},
	{"aws_ssm_parameter", "aws", false, ID_NAME, 0},
	{"google_container_node_pool", "google", false, ID_GCP_PATH, 2},
	{"google_project_iam_member", "google", false, ID_GCP_PATH, 0},
	{"azurerm_kubernetes_cluster", "azurerm", false, ID_AZURE, 2},
	{"azurerm_role_assignment", "azurerm", false, ID_AZURE, 0},
	{"helm_release", "helm", false, ID_NAME, 2},
	{"kubernetes_namespace", "kubernetes", false, ID_NAME, 0},
	{"kubernetes_manifest", "kubernetes", false, ID_NONE, 1},
	{"kubernetes_deployment", "kubernetes", false, ID_NAME, 1},
	{"kubernetes_secret", "kubernetes", false, ID_NAME, 0},
	{"random_password", "random", false, ID_NONE, 0},
	{"random_id", "random", false, ID_HASH, 0},
	{"null_resource", "null", false, ID_NUMERIC, 0},
	{"time_sleep", "time", false, ID_TIMESTAMP, 1},
	{"local_file", "local", false, ID_HEX40, 0},
	{"tls_private_key", "tls", false, ID_HEX40, 0},
	{"vsphere_virtual_machine", "vsphere", false, ID_NUMERIC, 2},
	{"aws_caller_identity", "aws", true, ID_ACCOUNT, 0},
	{"aws_partition", "aws", true, ID_PARTITION, 0},
	{"aws_iam_policy_document", "aws", true, ID_HASH, 0},
	{"aws_ami", "aws", true, ID_AMI, 0},
	{"aws_availability_zones", "aws", true, ID_REGION, 0},
	{"kubernetes_secret", "kubernetes", true, ID_NAME, 0},
	{"google_client_config", "google", true, ID_GCP_PATH, 0},
	{"http", "http", true, ID_URL, 0},
	{"external", "external", true, ID_NONE, 0},
};
enum { N_TYPES = sizeof types / sizeof types[0] };

static const char *const names[] = {
	"this", "main", "web", "default", "cluster", "irsa", "node-pool", "worker", "primary",
	"ingress", "nfs_server", "keycloak", "jupyterhub", "conda-store", "argo-workflows",
	"monitoring", "loki", "autoscaler", "custom-helm-deployment", "suffix", "db", "cache",
	"api", "frontend", "bastion", "sleep", "empty", "current", "p6",
};
enum { N_NAMES = sizeof names / sizeof names[0] };

static const char *const module_names[] = {
	"vpc", "eks", "eks_managed_node_group", "kms", "iam", "kubernetes-initialization",
	"kubernetes-keycloak-helm", "jupyterhub", "kubernetes-conda-store-server", "minio",
	"argo-workflows", "monitoring", "grafana-loki", "helm-extension", "core", "role",
	"security_rule", "applications", "dbt", "network", "dns", "irsa", "helm_addon",
	"cluster_autoscaler",
};
enum { N_MODULE_NAMES = sizeof module_names / sizeof module_names[0] };

/* for_each keys exactly as Terraform prints them (Go-quoted). */
static const char *const awkward_keys[] = {
	"\"caddeapllx2598.agil.nprd.caixa.gov.br\"",
	"\"AmazonEKSClusterPolicy\"",
	"\"arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy\"",
	"\"us-east-1a\"",
	"\"initial\"",
	"\"with space\"",
	"\"say \\\"hi\\\"\"",
	"\"C:\\\\temp\\\\x\"",
	"\"a]b\"",
	"\"k: v\"",
	"\"x\\\": y\"",
	"\"10.0.0.0/16\"",
	"\"team-a/app.b\"",
	"\"prod:eu-west-1\"",
	"\"caf\xc3\xa9\"",
	"\"\"",
	"\"[0]\"",
	"\"a.b[c]\"",
	"\"(deposed object 1a2b3c4d)\"",
};
enum { N_AWKWARD = sizeof awkward_keys / sizeof awkward_keys[0] };

const char *tg_model_type_provider(const gres *r)
{
	return types[r->kind].provider;
}

/* ---- a set of addresses, to keep them unique -------------------------- */

typedef struct addrset {
	uint32_t *slot; /* resource index + 1; 0 = empty */
	size_t cap;
} addrset;

static uint64_t fnv(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static bool set_has(const addrset *set, const gsim *s, const char *a, size_t n)
{
	size_t mask = set->cap - 1;
	for (size_t i = fnv(a, n) & mask;; i = (i + 1) & mask) {
		uint32_t v = set->slot[i];
		if (!v)
			return false;
		const gres *r = &s->res[v - 1];
		if (r->addr_len == n && memcmp(r->addr, a, n) == 0)
			return true;
	}
}

static void set_add(addrset *set, const gsim *s, uint32_t idx)
{
	size_t mask = set->cap - 1;
	const gres *r = &s->res[idx];
	size_t i = fnv(r->addr, r->addr_len) & mask;
	while (set->slot[i])
		i = (i + 1) & mask;
	set->slot[i] = idx + 1;
}

/* ---- ids ---------------------------------------------------------------- */

static void hex(grng *g, char *p, int n)
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < n; i++)
		p[i] = digits[rng_below(g, 16)];
	p[n] = '\0';
}

static const char *make_id(gsim *s, const gres *r, bool short_only)
{
	grng *g = &s->model_rng;
	char b[320], h[48];
	const char *nm = r->addr + r->name_off;
	int nl = r->name_len;
	switch (short_only && types[r->kind].id != ID_NONE ? ID_NUMERIC : types[r->kind].id) {
	case ID_NONE:
		return NULL;
	case ID_INSTANCE:
		hex(g, h, 17);
		snprintf(b, sizeof b, "i-%s", h);
		break;
	case ID_NAME:
		snprintf(b, sizeof b, "%.*s-%04u", nl, nm, (unsigned)rng_below(g, 10000));
		break;
	case ID_ATTACHMENT:
		snprintf(b, sizeof b, "%.*s-2023043008412098060000%04u", nl, nm, (unsigned)rng_below(g, 10000));
		break;
	case ID_SGRULE:
		snprintf(b, sizeof b, "sgrule-%010u", (unsigned)rng_below(g, 4000000000u));
		break;
	case ID_ROUTE53:
		snprintf(b, sizeof b, "Z0%08uABCDEF_%.*s.example.com_A", (unsigned)rng_below(g, 100000000), nl, nm);
		break;
	case ID_NODEGROUP:
		snprintf(b, sizeof b, "argocd:initial-20230430084120980600%06u", (unsigned)rng_below(g, 1000000));
		break;
	case ID_GCP_PATH:
		snprintf(b, sizeof b, "projects/my-project/locations/us-central1/clusters/main/nodePools/%.*s-%u", nl, nm,
			 (unsigned)rng_below(g, 100));
		break;
	case ID_AZURE:
		/* longer than 80 characters: heartbeats truncate it with "..." */
		hex(g, h, 12);
		snprintf(b, sizeof b,
			 "/subscriptions/00000000-0000-0000-0000-%s/resourceGroups/rg-prod-weu/providers/"
			 "Microsoft.ContainerService/managedClusters/%.*s",
			 h, nl, nm);
		break;
	case ID_LISTENER:
		hex(g, h, 16);
		snprintf(b, sizeof b,
			 "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/%s,i-0441b4ab4f8d5c7ce,80",
			 h);
		break;
	case ID_NUMERIC:
		snprintf(b, sizeof b, "%llu", (unsigned long long)(tg_rng_next(g) % 9000000000000000000ull + 1000000000000000000ull));
		break;
	case ID_TIMESTAMP: {
		int64_t t = s->now / 1000000 + (int64_t)rng_below(g, 86400);
		int y;
		unsigned mo, d;
		tg_civil_from_days(t / 86400, &y, &mo, &d);
		snprintf(b, sizeof b, "%04d-%02u-%02uT%02u:%02u:%02uZ", y, mo, d, (unsigned)(t % 86400 / 3600),
			 (unsigned)(t % 3600 / 60), (unsigned)(t % 60));
		break;
	}
	case ID_HEX40:
		hex(g, h, 40);
		snprintf(b, sizeof b, "%s", h);
		break;
	case ID_SPACES:
		/* spaces, brackets and a comma: ids are not quoted in the UI */
		snprintf(b, sizeof b, "%.*s bucket [eu-%u], v2", nl, nm, (unsigned)rng_below(g, 9));
		break;
	case ID_ACCOUNT:
		return "123456789012";
	case ID_PARTITION:
		return "aws";
	case ID_HASH:
		snprintf(b, sizeof b, "%u", (unsigned)rng_below(g, 4000000000u));
		break;
	case ID_AMI:
		hex(g, h, 17);
		snprintf(b, sizeof b, "ami-%s", h);
		break;
	case ID_REGION:
		return "us-east-1";
	case ID_URL:
		return "https://checkpoint-api.hashicorp.com/v1/check/terraform?x=1&y=[2]";
	default:
		return NULL;
	}
	return tg_arena_dup(&s->arena, b, strlen(b));
}

/* ---- addresses -------------------------------------------------------- */

/* A module instance path such as module.a["k"].module.b[0]; "" for root. */
static void make_module_path(gsim *s, char *buf, size_t size)
{
	grng *g = &s->model_rng;
	buf[0] = '\0';
	if (rng_chance(g, 0.35))
		return;
	int depth = 1;
	if (s->version >= TFGEN_V0_12) {
		uint64_t d = rng_below(g, 100);
		depth = d < 50 ? 1 : d < 85 ? 2 : 3;
	}
	size_t n = 0;
	for (int i = 0; i < depth && n < size - 80; i++) {
		const char *mn = module_names[rng_below(g, N_MODULE_NAMES)];
		n += (size_t)snprintf(buf + n, size - n, "%smodule.%s", i ? "." : "", mn);
		if (s->version < TFGEN_V1_5 && s->version != TFGEN_V0_15)
			continue; /* module count / for_each arrived in 0.13 */
		uint64_t k = rng_below(g, 100);
		if (k < 25)
			n += (size_t)snprintf(buf + n, size - n, "[%u]", (unsigned)rng_below(g, 4));
		else if (k < 45) {
			const char *key = rng_chance(g, 0.5) ? awkward_keys[rng_below(g, N_AWKWARD)] : "\"initial\"";
			n += (size_t)snprintf(buf + n, size - n, "[%s]", key);
		}
	}
}

static int add_res(gsim *s, addrset *set, const char *addr, size_t n, size_t mod_len, size_t rel_off,
		   size_t type_off, size_t type_len, size_t name_off, size_t name_len, int key_off, int key_len,
		   bool key_str, bool data, unsigned kind)
{
	if (set_has(set, s, addr, n))
		return 1;
	if (s->n_res == s->cap_res)
		return -1; /* sized in advance */
	gres *r = &s->res[s->n_res];
	r->addr = tg_arena_dup(&s->arena, addr, n);
	if (!r->addr)
		return -1;
	r->addr_len = (uint32_t)n;
	r->mod_len = (uint16_t)mod_len;
	r->rel_off = (uint16_t)rel_off;
	r->type_off = (uint16_t)type_off;
	r->type_len = (uint16_t)type_len;
	r->name_off = (uint16_t)name_off;
	r->name_len = (uint16_t)name_len;
	r->key_off = (int16_t)key_off;
	r->key_len = (int16_t)key_len;
	r->key_is_string = key_str;
	r->data = data;
	r->kind = (uint8_t)kind;
	set_add(set, s, (uint32_t)s->n_res);
	s->n_res++;
	return 0;
}

/* Resource blocks (module path, type, name, instances) until want instances. */
static int make_resources(gsim *s, addrset *set, size_t want)
{
	grng *g = &s->model_rng;
	size_t start = s->n_res;
	char mod[400], addr[700], keybuf[160];
	unsigned misses = 0;
	while (s->n_res - start < want && misses < 100000) {
		make_module_path(s, mod, sizeof mod);
		unsigned kind;
		do
			kind = (unsigned)rng_below(g, N_TYPES);
		while (types[kind].data && !rng_chance(g, 0.5)); /* data sources: about one in eight */
		const gtype *t = &types[kind];
		const char *name = names[rng_below(g, N_NAMES)];
		char name2[64];
		if (rng_chance(g, 0.3)) {
			snprintf(name2, sizeof name2, "%s_%u", name, (unsigned)rng_below(g, 100));
			name = name2;
		}
		/* instances: none, count, for_each */
		unsigned nkeys = 1, style = 0;
		uint64_t k = rng_below(g, 100);
		if (k >= 50) {
			style = (k < 75 || s->version < TFGEN_V0_12) ? 1 : 2;
			nkeys = 1 + (unsigned)rng_below(g, style == 1 ? 8 : 5);
		}
		if (s->version == TFGEN_V0_11)
			style = 0, nkeys = 1; /* 0.11 prints counted instances as a.b.0 (HumanId) */
		unsigned key0 = (unsigned)rng_below(g, N_AWKWARD);
		for (unsigned i = 0; i < nkeys && s->n_res - start < want; i++) {
			size_t n = 0, mod_len = strlen(mod);
			if (mod_len)
				n += (size_t)snprintf(addr + n, sizeof addr - n, "%s.", mod);
			size_t rel_off = n;
			if (t->data)
				n += (size_t)snprintf(addr + n, sizeof addr - n, "data.");
			size_t type_off = n;
			n += (size_t)snprintf(addr + n, sizeof addr - n, "%s.", t->type);
			size_t name_off = n;
			n += (size_t)snprintf(addr + n, sizeof addr - n, "%s", name);
			int key_off = -1, key_len = -1;
			if (style == 1) {
				snprintf(keybuf, sizeof keybuf, "%u", i);
			} else if (style == 2) {
				if (i < 3 && rng_chance(g, 0.6))
					snprintf(keybuf, sizeof keybuf, "%s", awkward_keys[(key0 + i) % N_AWKWARD]);
				else
					snprintf(keybuf, sizeof keybuf, "\"%s-%u.example.com\"", name, i);
			}
			if (style) {
				key_off = (int)n + 1;
				key_len = (int)strlen(keybuf);
				n += (size_t)snprintf(addr + n, sizeof addr - n, "[%s]", keybuf);
			}
			int rc = add_res(s, set, addr, n, mod_len, rel_off, type_off, strlen(t->type), name_off,
					 strlen(name), key_off, key_len, style == 2, t->data, kind);
			if (rc < 0)
				return -1;
			if (rc > 0)
				misses++;
		}
	}
	return 0;
}

/* ---- operations ------------------------------------------------------- */

static uint32_t pick_duration(grng *g, const gres *r, int action)
{
	unsigned speed = types[r->kind].speed;
	uint64_t p = rng_below(g, 1000);
	if (action == TFC_ACTION_READ)
		return p < 700 ? 0 : p < 950 ? (uint32_t)rng_range(g, 1, 2) : (uint32_t)rng_range(g, 3, 15);
	if (action == TFC_ACTION_DELETE && speed < 2)
		return p < 600 ? (uint32_t)rng_range(g, 0, 2) : p < 900 ? (uint32_t)rng_range(g, 3, 30)
				: (uint32_t)rng_range(g, 31, 400);
	if (speed == 2)
		return p < 200 ? (uint32_t)rng_range(g, 5, 60) : p < 800 ? (uint32_t)rng_range(g, 61, 900)
			: p < 980 ? (uint32_t)rng_range(g, 901, 3000) : (uint32_t)rng_range(g, 3600, 7400);
	return p < 550 ? (uint32_t)rng_range(g, 0, 3) : p < 800 ? (uint32_t)rng_range(g, 4, 30)
		: p < 950 ? (uint32_t)rng_range(g, 31, 600) : p < 995 ? (uint32_t)rng_range(g, 601, 3000)
		: (uint32_t)rng_range(g, 3600, 7400);
}

static gop *new_op(gsim *s, uint32_t res, int action, int phase)
{
	if (s->n_ops == s->cap_ops)
		return NULL; /* sized in advance */
	gop *op = &s->ops[s->n_ops++];
	memset(op, 0, sizeof *op);
	op->res = res;
	op->action = (uint8_t)action;
	op->phase = (uint8_t)phase;
	op->next = -1;
	op->last_hb = -1;
	op->status = TFC_STATUS_UNFINISHED;
	op->reported = NAN;
	op->dur = pick_duration(&s->model_rng, &s->res[res], action);
	double u = rng_unit(&s->model_rng);
	op->weight = (float)(action == TFC_ACTION_READ ? 0.2 * -log(1.0 - u) : -log(1.0 - u));
	return op;
}

static int make_ops(gsim *s, size_t res_lo, size_t res_hi)
{
	grng *g = &s->model_rng;
	const tfgen_options *o = s->o;
	for (size_t i = res_lo; i < res_hi; i++) {
		gres *r = &s->res[i];
		gop *a, *b;
		bool short_ids = s->version == TFGEN_V0_11;
		if (r->data) {
			if (!o->destroy && s->version >= TFGEN_V0_15 && rng_chance(g, 0.3)) {
				if (!(a = new_op(s, (uint32_t)i, TFC_ACTION_READ, PHASE_APPLY)))
					return -1;
				a->plan = PLAN_READ;
			} else if (s->version >= TFGEN_V1_5) {
				if (!(a = new_op(s, (uint32_t)i, TFC_ACTION_READ, PHASE_PLAN_READ)))
					return -1;
			} else {
				if (!(a = new_op(s, (uint32_t)i, TFC_ACTION_READ, PHASE_REFRESH_ONLY)))
					return -1;
				a->refresh = true;
			}
			a->new_id = make_id(s, r, short_ids);
			continue;
		}
		const char *old_id = make_id(s, r, short_ids);
		if (!old_id)
			old_id = rng_chance(g, 0.5) ? "none" : NULL; /* a few have no id at all */
		uint64_t k = rng_below(g, 100);
		if (o->destroy)
			k = 99;
		if (!o->destroy && k < 15) {
			/* unchanged: only refreshed */
			if (!(a = new_op(s, (uint32_t)i, TFC_ACTION_UPDATE, PHASE_REFRESH_ONLY)))
				return -1;
			a->prior_id = old_id;
			a->refresh = true;
		} else if (k < 62) {
			if (!(a = new_op(s, (uint32_t)i, TFC_ACTION_CREATE, PHASE_APPLY)))
				return -1;
			a->plan = PLAN_CREATE;
			a->new_id = old_id;
			a->provision = strcmp(types[r->kind].type, "null_resource") == 0 && rng_chance(g, 0.4);
		} else if (k < 74) {
			if (!(a = new_op(s, (uint32_t)i, TFC_ACTION_UPDATE, PHASE_APPLY)))
				return -1;
			a->plan = PLAN_UPDATE;
			a->id = a->new_id = a->prior_id = old_id;
			a->refresh = true;
		} else if (k < 83 || (k < 91 && s->version == TFGEN_V0_11)) {
			/* replace, destroy then create (-/+) */
			if (!(a = new_op(s, (uint32_t)i, TFC_ACTION_DELETE, PHASE_APPLY)) ||
			    !(b = new_op(s, (uint32_t)i, TFC_ACTION_CREATE, PHASE_APPLY)))
				return -1;
			a->plan = PLAN_REPLACE;
			a->id = a->prior_id = old_id;
			a->refresh = true;
			b->new_id = make_id(s, r, short_ids);
			b->has_prev = true;
			a->next = (int32_t)(b - s->ops);
		} else if (k < 91) {
			/* create_before_destroy (+/-): the old object becomes deposed */
			if (!(a = new_op(s, (uint32_t)i, TFC_ACTION_CREATE, PHASE_APPLY)) ||
			    !(b = new_op(s, (uint32_t)i, TFC_ACTION_DELETE, PHASE_APPLY)))
				return -1;
			a->plan = PLAN_REPLACE_CBD;
			a->prior_id = old_id;
			a->refresh = true;
			a->new_id = make_id(s, r, short_ids);
			b->id = old_id;
			hex(g, b->deposed, 8);
			b->has_prev = true;
			a->next = (int32_t)(b - s->ops);
		} else {
			if (!(a = new_op(s, (uint32_t)i, TFC_ACTION_DELETE, PHASE_APPLY)))
				return -1;
			a->plan = PLAN_DELETE;
			a->id = a->prior_id = old_id;
			a->refresh = true;
		}
	}
	return 0;
}

/* ---- the stage -------------------------------------------------------- */

static const char *const tg_units[] = {
	"live/prod/vpc", "live/prod/eks", "live/prod/k8s-addons", "network", "dns", "apps/web", "apps/api",
	"observability",
};

static void shuffle(grng *g, uint32_t *v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)rng_below(g, i);
		uint32_t t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

int tg_model_build(gsim *s)
{
	const tfgen_options *o = s->o;
	grng *g = &s->model_rng;
	bool tg = o->prefix == TFGEN_PREFIX_TERRAGRUNT || o->prefix == TFGEN_PREFIX_TERRAGRUNT_OLD;
	size_t nunits = tg ? (o->units ? o->units : 2) : 1;
	if (nunits > o->resources && o->resources > 0)
		nunits = o->resources;
	if (nunits == 0)
		nunits = 1;
	size_t want = o->resources;
	s->cap_res = want + nunits + 8;
	s->cap_ops = 2 * s->cap_res;
	s->res = calloc(s->cap_res, sizeof *s->res);
	s->ops = calloc(s->cap_ops, sizeof *s->ops);
	s->runs = calloc(nunits, sizeof *s->runs);
	if (!s->res || !s->ops || !s->runs)
		return -1;
	s->n_runs = nunits;

	for (size_t u = 0; u < nunits; u++) {
		grun *r = &s->runs[u];
		/* Terragrunt ≥0.67 names the unit only when it runs several */
		if (tg && (nunits > 1 || o->prefix == TFGEN_PREFIX_TERRAGRUNT_OLD)) {
			char b[256];
			const char *base = u < sizeof tg_units / sizeof tg_units[0] ? tg_units[u] : NULL;
			char gen[32];
			if (!base) {
				snprintf(gen, sizeof gen, "unit%zu", u + 1);
				base = gen;
			}
			if (o->prefix == TFGEN_PREFIX_TERRAGRUNT_OLD)
				snprintf(b, sizeof b, "/home/runner/work/infra/infra/%s", base);
			else
				snprintf(b, sizeof b, "%s", base);
			r->unit = tg_arena_dup(&s->arena, b, strlen(b));
			if (!r->unit)
				return -1;
		}
		/* a fresh address set per unit: the same address in two units is the point */
		addrset set;
		set.cap = 16;
		while (set.cap < 2 * (want + 8))
			set.cap <<= 1;
		set.slot = calloc(set.cap, sizeof *set.slot);
		if (!set.slot)
			return -1;
		size_t share = want / nunits + (u < want % nunits ? 1 : 0);
		size_t res_lo = s->n_res;
		int rc = 0;
		if (nunits > 1 && share > 0) {
			/* every unit has this one (corpus: terragrunt run-all) */
			static const char a[] = "random_id.suffix";
			unsigned kind = 0;
			while (strcmp(types[kind].type, "random_id") != 0)
				kind++;
			rc = add_res(s, &set, a, sizeof a - 1, 0, 0, 0, 9, 10, 6, -1, -1, false, false, kind);
			share--;
		}
		if (rc == 0)
			rc = make_resources(s, &set, share);
		free(set.slot);
		if (rc < 0)
			return -1;
		r->op_lo = (uint32_t)s->n_ops;
		if (make_ops(s, res_lo, s->n_res) < 0)
			return -1;
		r->op_hi = (uint32_t)s->n_ops;
	}
	if (s->arena.oom)
		return -1;

	/* at least one operation over an hour (1h2m3s-style durations) */
	if (s->n_ops >= 20) {
		for (size_t i = 0; i < s->n_ops; i++) {
			gop *op = &s->ops[i];
			if (op->phase == PHASE_APPLY && op->action == TFC_ACTION_CREATE && !op->has_prev) {
				op->dur = 3723;
				break;
			}
		}
	}

	/* plan bodies for a share */
	for (size_t i = 0; i < s->n_ops; i++)
		s->ops[i].body = s->ops[i].plan != PLAN_NONE && rng_chance(g, o->plan_share);

	/* failures: only the last stage fails */
	size_t n_apply = 0;
	for (size_t i = 0; i < s->n_ops; i++)
		n_apply += s->ops[i].phase == PHASE_APPLY;
	unsigned failures = s->last_stage ? o->failures : 0;
	if (failures > n_apply)
		failures = (unsigned)n_apply;
	for (unsigned f = 0; f < failures;) {
		gop *op = &s->ops[rng_below(g, s->n_ops)];
		if (op->phase != PHASE_APPLY || op->fail)
			continue;
		op->fail = true;
		op->dur = op->dur > 2 ? (uint32_t)rng_range(g, 1, op->dur) : op->dur;
		f++;
	}

	/* start order of each run: shuffled, as a parallel graph walk looks */
	for (size_t u = 0; u < s->n_runs; u++) {
		grun *r = &s->runs[u];
		size_t n = r->op_hi - r->op_lo;
		r->queue = malloc((n + 1) * sizeof *r->queue);
		r->stack = malloc((n + 1) * sizeof *r->stack);
		if (!r->queue || !r->stack)
			return -1;
	}
	/* interrupt / cut: after a share of the first run's operations started */
	size_t first = 0;
	for (size_t i = s->runs[0].op_lo; i < s->runs[0].op_hi; i++)
		first += s->ops[i].phase == PHASE_APPLY;
	s->interrupt_after = first ? (size_t)rng_range(g, (int64_t)(first / 4) + 1, (int64_t)(first * 3 / 5) + 1) : 1;
	return 0;
}

size_t tg_model_queue_phase(gsim *s, grun *r, int phase)
{
	r->queue_len = r->queue_pos = 0;
	for (uint32_t i = r->op_lo; i < r->op_hi; i++)
		if (s->ops[i].phase == phase && !s->ops[i].has_prev)
			r->queue[r->queue_len++] = i;
	shuffle(&s->sim_rng, r->queue, r->queue_len);
	return r->queue_len;
}

void tg_model_free(gsim *s)
{
	for (size_t u = 0; u < s->n_runs; u++) {
		free(s->runs[u].queue);
		free(s->runs[u].stack);
	}
	free(s->runs);
	free(s->res);
	free(s->ops);
	tg_arena_free(&s->arena);
	s->runs = NULL;
	s->res = NULL;
	s->ops = NULL;
}
