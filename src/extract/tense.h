/* tense.h — an index of the tense markers (力争, 计划, 已, 累计, years against the plan
 * year ...) and clause-wide qualifier words (力争, 确保, 至少 ...) of the norm text, built in
 * one pass, so that the statement stage (stmt.c) decides each amount's kind and
 * qualifier with binary searches instead of rescanning its sentence.  Internal to the
 * statement stage. */
#ifndef DUBAN_EXTRACT_TENSE_H
#define DUBAN_EXTRACT_TENSE_H

#include <stdbool.h>
#include <stddef.h>

/* Section kinds of the outline (a review, a plan) and marker kinds. */
enum { SEC_NONE = 0, SEC_REVIEW = 1, SEC_PLAN = 2 };
enum { MK_NONE = 0, MK_FUTURE = 1, MK_PAST = 2 };
/* MC_AMBIGUOUS: 将/要 also mark an object or a wish ("将…纳入"): not counted in a review.
 * MC_NOSECTION: 同比 measures, but plans also say "同比增长15%": counted only outside a
 * review or plan section. */
enum { MC_PLAIN = 0, MC_AMBIGUOUS = 1, MC_NOSECTION = 2 };

typedef struct tense_mark {
	size_t pos;
	unsigned char kind; /* MK_* */
	bool strong;        /* also counts when written after the amount */
	unsigned char cls;  /* MC_* */
} tense_mark_t;

typedef struct tense_qual {
	size_t pos;
	const char *q;    /* static: "strive", "guarantee", "at_least", "at_most" */
	bool clause_only; /* 至少 and the like govern their clause, not the sentence */
} tense_qual_t;

typedef struct tense_index {
	const char *s; /* the norm text (borrowed) */
	size_t n;
	int plan_year;    /* 0 if unknown */
	tense_mark_t *mk; /* in text order (heap) */
	size_t nmk, capmk;
	tense_qual_t *qw; /* in text order (heap) */
	size_t nqw, capqw;
} tense_index_t;

/* Indexes s[0..n) into x.  0 or ERR_NOMEM; either way free x with tense_index_free. */
int tense_index_build(tense_index_t *x, const char *s, size_t n, int plan_year);

void tense_index_free(tense_index_t *x);

/* The kind (MK_*) of the nearest marker starting in [lo, hi): the last one when back,
 * else the first (only strong ones when strong), skipping markers that do not count in
 * a section of kind sec (SEC_*); MK_NONE when none. */
int tense_nearest(const tense_index_t *x, size_t lo, size_t hi, bool back, bool strong, int sec);

/* 力争/确保 govern every amount of their clause or sentence; 至少 and the like every
 * amount of their clause ("每年至少培育10家"): the qualifier of the nearest such word
 * written in [ss, q0) (clause-only words only from cs on; a static string), or NULL. */
const char *tense_qualifier(const tense_index_t *x, size_t ss, size_t cs, size_t q0);

#endif
