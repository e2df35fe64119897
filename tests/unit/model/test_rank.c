/* test_rank.c — ranking score, renormalised weights, tie-break and failures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/rank.h"

#include <math.h>
#include <string.h>

#define assert_near(a, b) assert_true(fabs((a) - (b)) < 1e-6)

static void test_score(void **state)
{
	rank_cfg_t cfg;
	rank_input_t in[3];
	rank_row_t out[3];
	(void)state;
	rank_cfg_default(&cfg);
	memset(in, 0, sizeof in);
	/* Unit 7: 10/10 on time, 8/10 on schedule, 34.2 of 62 invested. */
	in[0] = (rank_input_t){ 7, 10, 10, 10, 8, 62, 34.2 };
	/* Unit 3: 5/10 on time, 10/10, 150% invested (capped at 100). */
	in[1] = (rank_input_t){ 3, 10, 5, 10, 10, 10, 15 };
	/* Unit 9: no investment: on-time and schedule weighted 0.5 each. */
	in[2] = (rank_input_t){ 9, 4, 4, 5, 5, 0, 0 };
	assert_int_equal(rank_compute(&cfg, in, 3, out, NULL), 0);
	assert_int_equal(out[0].unit, 9);
	assert_near(out[0].score, 100);
	assert_false(out[0].has[RANK_INVEST]);
	assert_near(out[0].part[RANK_ONTIME], 50);
	assert_int_equal(out[0].rank, 1);
	assert_int_equal(out[1].unit, 7);
	assert_near(out[1].score, 0.4 * 100 + 0.4 * 80 + 0.2 * 100 * 34.2 / 62);
	assert_near(out[1].rate[RANK_SCHEDULE], 80);
	assert_int_equal(out[1].rank, 2);
	assert_int_equal(out[2].unit, 3);
	assert_near(out[2].rate[RANK_INVEST], 100);
	assert_near(out[2].score, 0.4 * 50 + 0.4 * 100 + 0.2 * 100);
	assert_int_equal(out[2].rank, 3);
	/* Score = sum of parts. */
	for (int i = 0; i < 3; i++)
		assert_near(out[i].score, out[i].part[0] + out[i].part[1] + out[i].part[2]);
}

static void test_ties(void **state)
{
	rank_cfg_t cfg;
	rank_input_t in[4];
	rank_row_t out[4];
	(void)state;
	rank_cfg_default(&cfg);
	cfg.w_invest = 0;
	cfg.w_ontime = 0.5;
	cfg.w_schedule = 0.5;
	/* Same score 75: unit 5 is ahead on on-time rate; 2 and 8 are identical → id. */
	in[0] = (rank_input_t){ 8, 2, 1, 1, 1, 0, 0 };
	in[1] = (rank_input_t){ 5, 1, 1, 2, 1, 0, 0 };
	in[2] = (rank_input_t){ 2, 2, 1, 1, 1, 0, 0 };
	in[3] = (rank_input_t){ 4, 10, 1, 10, 1, 0, 0 };
	assert_int_equal(rank_compute(&cfg, in, 4, out, NULL), 0);
	assert_int_equal(out[0].unit, 5);
	assert_int_equal(out[1].unit, 2);
	assert_int_equal(out[2].unit, 8);
	assert_int_equal(out[3].unit, 4);
	assert_near(out[0].score, out[1].score);
	for (int i = 0; i < 4; i++)
		assert_int_equal(out[i].rank, i + 1);
	/* The input order does not matter. */
	{
		rank_input_t rev[4] = { in[3], in[2], in[1], in[0] };
		rank_row_t out2[4];

		assert_int_equal(rank_compute(&cfg, rev, 4, out2, NULL), 0);
		for (int i = 0; i < 4; i++)
			assert_int_equal(out2[i].unit, out[i].unit);
	}
}

static void test_failures(void **state)
{
	rank_cfg_t cfg;
	rank_input_t in[2];
	rank_row_t out[2];
	err_t e;
	(void)state;
	rank_cfg_default(&cfg);
	assert_int_equal(rank_compute(&cfg, in, 0, out, NULL), 0);
	in[0] = (rank_input_t){ 1, 2, 3, 0, 0, 0, 0 };
	assert_int_equal(rank_compute(&cfg, in, 1, out, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "单位 1"));
	in[0] = (rank_input_t){ 1, 0, 0, 1, 2, 0, 0 };
	assert_int_equal(rank_compute(&cfg, in, 1, out, &e), ERR_INVALID);
	in[0] = (rank_input_t){ 1, 0, 0, 0, 0, 0, 0 };
	assert_int_equal(rank_compute(&cfg, in, 1, out, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "没有可用于排名的数据"));
	in[0] = (rank_input_t){ 1, 1, 1, 0, 0, -5, 0 };
	assert_int_equal(rank_compute(&cfg, in, 1, out, &e), ERR_INVALID);
	in[0] = (rank_input_t){ 1, 1, 1, 0, 0, 5, NAN };
	assert_int_equal(rank_compute(&cfg, in, 1, out, &e), ERR_INVALID);
	/* A unit whose only component has weight 0. */
	cfg.w_invest = 0;
	in[0] = (rank_input_t){ 1, 0, 0, 0, 0, 5, 1 };
	assert_int_equal(rank_compute(&cfg, in, 1, out, &e), ERR_INVALID);
	rank_cfg_default(&cfg);
	in[0] = (rank_input_t){ 1, 1, 1, 0, 0, 0, 0 };
	in[1] = (rank_input_t){ 1, 1, 0, 0, 0, 0, 0 };
	assert_int_equal(rank_compute(&cfg, in, 2, out, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "重复"));
	cfg.w_ontime = -0.1;
	assert_int_equal(rank_cfg_validate(&cfg, NULL), ERR_INVALID);
	cfg.w_ontime = cfg.w_schedule = cfg.w_invest = 0;
	assert_int_equal(rank_cfg_validate(&cfg, NULL), ERR_INVALID);
	rank_cfg_default(&cfg);
	cfg.invest_cap = 0;
	assert_int_equal(rank_compute(&cfg, in, 1, out, NULL), ERR_INVALID);
	cfg.invest_cap = 120;
	in[0] = (rank_input_t){ 1, 0, 0, 0, 0, 10, 15 };
	assert_int_equal(rank_compute(&cfg, in, 1, out, NULL), 0);
	assert_near(out[0].score, 120);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
