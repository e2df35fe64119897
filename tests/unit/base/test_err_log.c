/* test_err_log.c — the error struct (message, location, field, prefix, truncation) and
 * log level parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/embed.h"
#include "base/err.h"
#include "base/log.h"

#include <string.h>

static void test_err_set(void **state)
{
	err_t e;
	(void)state;
	err_clear(&e);
	assert_int_equal(e.code, 0);
	assert_int_equal(err_set(&e, ERR_INVALID, "bad %s", "date"), ERR_INVALID);
	assert_string_equal(e.msg, "bad date");
	assert_int_equal(err_set_at(&e, ERR_INVALID, 12, 340, "row %d", 3), ERR_INVALID);
	assert_int_equal(e.line, 12);
	assert_int_equal(e.offset, 340);
	assert_int_equal(err_field(&e, "deadline"), ERR_INVALID);
	assert_string_equal(e.field, "deadline");
	err_prefix(&e, "import %s", "a.xlsx");
	assert_string_equal(e.msg, "import a.xlsx: row 3");
	assert_int_equal(err_set(NULL, ERR_NOMEM, "ignored"), ERR_NOMEM);
	assert_string_equal(err_code_name(ERR_NOTFOUND), "not_found");
	assert_string_equal(err_code_name(12345), "unknown");
}

static void test_err_truncates(void **state)
{
	err_t e;
	char big[2000];
	(void)state;
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	err_set(&e, ERR_INVALID, "%s", big);
	assert_int_equal(strlen(e.msg), ERR_MSG_MAX - 1);
	err_prefix(&e, "%s", big);
	assert_int_equal(strlen(e.msg), ERR_MSG_MAX - 1);
}

static void test_log_levels(void **state)
{
	log_level_t l;
	(void)state;
	assert_int_equal(log_level_parse("warn", &l), 0);
	assert_int_equal(l, LOG_WARN);
	assert_int_equal(log_level_parse("loud", &l), ERR_INVALID);
	log_set_level(LOG_ERROR);
	assert_int_equal(log_get_level(), LOG_ERROR);
	log_info("not shown");
	log_set_level(LOG_INFO);
}

static void test_embed_missing(void **state)
{
	str_t s;
	(void)state;
	assert_int_equal(embed_find("no-such-file", &s), ERR_NOTFOUND);
	assert_int_equal(embed_find("README.txt", &s), 0);
	assert_true(s.len > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_err_set),
		cmocka_unit_test(test_err_truncates),
		cmocka_unit_test(test_log_levels),
		cmocka_unit_test(test_embed_missing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
