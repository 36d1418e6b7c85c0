"""The compiled core of the tabu search: the disjunctive graph on flat integer arrays.

Operations are numbered 0..n-1 (job by job). Each operation has a job predecessor and
successor (`jpred`, `jsucc`, -1 for none), an assigned machine and duration, and a
machine predecessor and successor (`mpred`, `msucc`): the machine sequences are doubly
linked lists with `mfirst` / `mlast` per machine. Heads `r` (earliest start) and tails
`q` (longest path from the end of an operation to the end of the schedule) are computed
in topological order; the makespan is max(r + p + q).

A move changes the order of one block of the critical path (a run of operations on one
machine, adjacent in time), in the N7 neighbourhood of Zhang, Li, Guan and Rao (2007,
"A tabu search algorithm with a new neighborhood structure for the job shop scheduling
problem", Computers & Operations Research 34): an operation of a block moved to its
start or end, or the first or last operation moved into its interior. Only moves that
the conditions of Balas and Vazacopoulos (1998, "Guided local search with shifting
bottleneck for job shop scheduling", Management Science 44) prove acyclic are made; a
move's makespan is estimated from the heads and tails (the same paper), then the chosen
move is made and the heads and tails recomputed exactly. In a flexible job shop a
critical operation may also move to another eligible machine, at the insertion position
of least estimated makespan among those that cannot create a cycle (in the manner of
Mastrolilli and Gambardella 2000, "Effective neighbourhood functions for the flexible
job shop problem", Journal of Scheduling 3).

A move is tabu when it restores an order of two operations (or a machine of an
operation) that a recent move undid, unless it would beat the best makespan. After
`stall_limit` iterations without a new best, the search goes back to the best schedule
and perturbs it with random moves. Random numbers come from a xorshift generator whose
state is an argument, so a run depends only on its inputs.

Everything here is compiled by numba (`nogil`, so several searches run in threads).
"""

from __future__ import annotations

import numpy as np
from numba import njit

FORWARD = 0
"""Move operation `u` to right after operation `v` (u is before v on their machine)."""
BACKWARD = 1
"""Move operation `u` to right before operation `v` (u is after v on their machine)."""
REASSIGN = 2
"""Move operation `u` to machine `k`, right before operation `v` (-1: at the end)."""

MAX_MOVES = 4096


@njit(cache=True, nogil=True)
def _next_random(rng: np.ndarray) -> int:
    """xorshift64*: advance `rng[0]` and return 31 random bits."""
    x = rng[0]
    x ^= x >> np.uint64(12)
    x ^= x << np.uint64(25)
    x ^= x >> np.uint64(27)
    rng[0] = x
    return int((x * np.uint64(2685821657736338717)) >> np.uint64(33))


@njit(cache=True, nogil=True)
def heads_and_tails(
    jpred: np.ndarray,
    jsucc: np.ndarray,
    mpred: np.ndarray,
    msucc: np.ndarray,
    dur: np.ndarray,
    r: np.ndarray,
    q: np.ndarray,
    order: np.ndarray,
    indegree: np.ndarray,
) -> int:
    """Fill heads `r` and tails `q`; return the makespan, or -1 when the graph has a cycle."""
    n = jpred.shape[0]
    tail = 0
    for i in range(n):
        d = 0
        if jpred[i] >= 0:
            d += 1
        if mpred[i] >= 0:
            d += 1
        indegree[i] = d
        if d == 0:
            order[tail] = i
            tail += 1
    head = 0
    while head < tail:
        i = order[head]
        head += 1
        s = jsucc[i]
        if s >= 0:
            indegree[s] -= 1
            if indegree[s] == 0:
                order[tail] = s
                tail += 1
        s = msucc[i]
        if s >= 0:
            indegree[s] -= 1
            if indegree[s] == 0:
                order[tail] = s
                tail += 1
    if tail < n:
        return -1
    for k in range(n):
        i = order[k]
        value = 0
        a = jpred[i]
        if a >= 0:
            value = r[a] + dur[a]
        b = mpred[i]
        if b >= 0 and r[b] + dur[b] > value:
            value = r[b] + dur[b]
        r[i] = value
    makespan = 0
    for k in range(n - 1, -1, -1):
        i = order[k]
        value = 0
        a = jsucc[i]
        if a >= 0:
            value = q[a] + dur[a]
        b = msucc[i]
        if b >= 0 and q[b] + dur[b] > value:
            value = q[b] + dur[b]
        q[i] = value
        if r[i] + dur[i] + value > makespan:
            makespan = r[i] + dur[i] + value
    return makespan


@njit(cache=True, nogil=True)
def _critical_path(
    jpred: np.ndarray,
    mpred: np.ndarray,
    dur: np.ndarray,
    r: np.ndarray,
    q: np.ndarray,
    makespan: int,
    path: np.ndarray,
    rng: np.ndarray,
) -> int:
    """Write one critical path, first operation first, into `path`; return its length.

    The last operation is chosen at random among those ending at the makespan; going
    back, a machine predecessor is preferred to a job predecessor (longer blocks).
    """
    n = jpred.shape[0]
    last = -1
    seen = 0
    for i in range(n):
        if q[i] == 0 and r[i] + dur[i] == makespan:
            seen += 1
            if _next_random(rng) % seen == 0:
                last = i
    length = 0
    i = last
    while i >= 0:
        path[length] = i
        length += 1
        b = mpred[i]
        a = jpred[i]
        if b >= 0 and r[b] + dur[b] == r[i]:
            i = b
        elif a >= 0 and r[a] + dur[a] == r[i]:
            i = a
        else:
            i = -1
    for k in range(length // 2):
        path[k], path[length - 1 - k] = path[length - 1 - k], path[k]
    return length


@njit(cache=True, nogil=True)
def _remove(u: int, machine: int, mpred: np.ndarray, msucc: np.ndarray, mfirst, mlast) -> None:  # type: ignore[no-untyped-def]
    a = mpred[u]
    b = msucc[u]
    if a >= 0:
        msucc[a] = b
    else:
        mfirst[machine] = b
    if b >= 0:
        mpred[b] = a
    else:
        mlast[machine] = a
    mpred[u] = -1
    msucc[u] = -1


@njit(cache=True, nogil=True)
def _insert_before(u: int, v: int, machine: int, mpred, msucc, mfirst, mlast) -> None:  # type: ignore[no-untyped-def]
    """Insert `u` right before `v` on `machine` (`v` = -1: at the end)."""
    if v < 0:
        a = mlast[machine]
        mpred[u] = a
        msucc[u] = -1
        if a >= 0:
            msucc[a] = u
        else:
            mfirst[machine] = u
        mlast[machine] = u
        return
    a = mpred[v]
    mpred[u] = a
    msucc[u] = v
    mpred[v] = u
    if a >= 0:
        msucc[a] = u
    else:
        mfirst[machine] = u


@njit(cache=True, nogil=True)
def _segment_estimate(  # type: ignore[no-untyped-def]
    segment, length, before, after, jpred, jsucc, dur, r, q, heads
) -> int:
    """The longest path through `segment` (new machine order) between `before` and `after`."""
    t = 0
    if before >= 0:
        t = r[before] + dur[before]
    for k in range(length):
        a = segment[k]
        j = jpred[a]
        head = t
        if j >= 0 and r[j] + dur[j] > head:
            head = r[j] + dur[j]
        heads[k] = head
        t = head + dur[a]
    t = 0
    if after >= 0:
        t = q[after] + dur[after]
    best = 0
    for k in range(length - 1, -1, -1):
        a = segment[k]
        j = jsucc[a]
        tail = t
        if j >= 0 and q[j] + dur[j] > tail:
            tail = q[j] + dur[j]
        if heads[k] + dur[a] + tail > best:
            best = heads[k] + dur[a] + tail
        t = tail + dur[a]
    return best


@njit(cache=True, nogil=True)
def _provably_acyclic(kind, u, v, jpred, jsucc, dur, r, q):  # type: ignore[no-untyped-def]
    """Balas and Vazacopoulos (1998): moving `u` right after `v` cannot create a cycle
    when v's tail is at least that of u's job successor; right before `v`, when v's head
    plus duration is at least that of u's job predecessor."""
    if kind == FORWARD:
        s = jsucc[u]
        return s < 0 or q[v] + dur[v] >= q[s] + dur[s]
    p = jpred[u]
    return p < 0 or r[v] + dur[v] >= r[p] + dur[p]


@njit(cache=True, nogil=True)
def _value_block_move(  # type: ignore[no-untyped-def]
    kind, u, run, before, after, segment, heads, jpred, jsucc, dur, r, q, tabu_order, it
):
    """The estimate of moving `u` to the end (FORWARD) or start (BACKWARD) of `run`, the
    machine run it belongs to, and whether the move is tabu (it would restore an order
    of `u` and another operation of the run that a recent move undid)."""
    length = 0
    if kind == BACKWARD:
        segment[0] = u
        length = 1
    for k in range(run.shape[0]):
        if run[k] != u:
            segment[length] = run[k]
            length += 1
    if kind == FORWARD:
        segment[length] = u
        length += 1
    tabu = False
    for k in range(length):
        other = segment[k]
        if other == u:
            continue
        if kind == FORWARD and tabu_order[other, u] > it:
            tabu = True
        if kind == BACKWARD and tabu_order[u, other] > it:
            tabu = True
    estimate = _segment_estimate(segment, length, before, after, jpred, jsucc, dur, r, q, heads)
    return estimate, tabu


@njit(cache=True, nogil=True)
def search(  # type: ignore[no-untyped-def]
    jpred,
    jsucc,
    mode_start,
    mode_count,
    mode_machine,
    mode_duration,
    machine,
    dur,
    mpred,
    msucc,
    mfirst,
    mlast,
    best_machine,
    best_mpred,
    best_msucc,
    best_mfirst,
    best_mlast,
    tabu_order,
    tabu_machine,
    counters,
    rng,
    iterations,
    stall_limit,
    tenure_min,
    tenure_spread,
    lower_bound,
):
    """Run `iterations` tabu-search iterations from the current solution, in place.

    `counters` holds [iteration, best makespan, iteration of the last new best,
    current makespan, random moves still to make]; it, the tabu tables (`tabu_order[a, b]`:
    the iteration until which a may not come back before b; `tabu_machine[u, k]`: until
    which u may not come back to machine k) and the current and best solution arrays
    carry the search from one call to the next. Returns the best makespan.
    """
    n = jpred.shape[0]
    r = np.zeros(n, np.int64)
    q = np.zeros(n, np.int64)
    order = np.zeros(n, np.int64)
    indegree = np.zeros(n, np.int64)
    path = np.zeros(n, np.int64)
    segment = np.zeros(n + 1, np.int64)
    heads = np.zeros(n + 1, np.int64)
    move_kind = np.zeros(MAX_MOVES, np.int64)
    move_u = np.zeros(MAX_MOVES, np.int64)
    move_v = np.zeros(MAX_MOVES, np.int64)
    move_k = np.zeros(MAX_MOVES, np.int64)
    move_estimate = np.zeros(MAX_MOVES, np.int64)
    move_tabu = np.zeros(MAX_MOVES, np.bool_)
    sequence = np.zeros(n + 1, np.int64)
    best_solution = (best_machine, best_mpred, best_msucc, best_mfirst, best_mlast)
    it = counters[0]
    best = counters[1]
    last_best = counters[2]
    current = heads_and_tails(jpred, jsucc, mpred, msucc, dur, r, q, order, indegree)
    if current < 0:
        return -1
    if best <= 0 or current < best:
        best = current
        last_best = it
        _copy(machine, mpred, msucc, mfirst, mlast, *best_solution)
    perturbing = counters[4]
    stop = it + iterations
    while it < stop and best > lower_bound:
        it += 1
        length = _critical_path(jpred, mpred, dur, r, q, current, path, rng)
        count = 0
        # N7 moves inside each critical block
        start = 0
        while start < length:
            end = start
            while end + 1 < length and msucc[path[end]] == path[end + 1]:
                end += 1
            size = end - start + 1
            if size >= 2:
                first = path[start]
                last = path[end]
                before = mpred[first]
                after = msucc[last]
                # N7 moves, in this order: path[j] to after the last; the first to after an
                # inner path[j]; path[j] (j > start + 1) to before the first; the last to
                # before an inner path[j]
                for variant in range(4):
                    for j in range(start, end + 1):
                        inner = start < j < end
                        if variant == 0 and j < end:
                            kind, u, v, lo, hi = FORWARD, path[j], last, j, end
                        elif variant == 1 and inner:
                            kind, u, v, lo, hi = FORWARD, first, path[j], start, j
                        elif variant == 2 and j > start + 1:
                            kind, u, v, lo, hi = BACKWARD, path[j], first, start, j
                        elif variant == 3 and inner:
                            kind, u, v, lo, hi = BACKWARD, last, path[j], j, end
                        else:
                            continue
                        if not _provably_acyclic(kind, u, v, jpred, jsucc, dur, r, q):
                            continue
                        if count >= MAX_MOVES:
                            break
                        seg_before = before if lo == start else mpred[path[lo]]
                        seg_after = after if hi == end else msucc[path[hi]]
                        estimate, tabu = _value_block_move(
                            kind,
                            u,
                            path[lo : hi + 1],
                            seg_before,
                            seg_after,
                            segment,
                            heads,
                            jpred,
                            jsucc,
                            dur,
                            r,
                            q,
                            tabu_order,
                            it,
                        )
                        move_kind[count] = kind
                        move_u[count] = u
                        move_v[count] = v
                        move_k[count] = machine[u]
                        move_estimate[count] = estimate
                        move_tabu[count] = tabu
                        count += 1
            start = end + 1
        # flexible job shop: a critical operation to another eligible machine
        for idx in range(length):
            u = path[idx]
            if mode_count[u] < 2:
                continue
            p = jpred[u]
            s = jsucc[u]
            job_head = 0
            if p >= 0:
                job_head = r[p] + dur[p]
            job_tail = 0
            if s >= 0:
                job_tail = q[s] + dur[s]
            for m in range(mode_start[u], mode_start[u] + mode_count[u]):
                k = mode_machine[m]
                if k == machine[u]:
                    continue
                duration = mode_duration[m]
                # the machine's sequence, and the insertion positions that keep it acyclic
                seq_len = 0
                x = mfirst[k]
                while x >= 0:
                    sequence[seq_len] = x
                    seq_len += 1
                    x = msucc[x]
                best_position = -2
                best_estimate = 0
                for t in range(seq_len + 1):
                    if t > 0:
                        y = sequence[t - 1]
                        if r[y] >= r[u] + dur[u]:
                            break  # y may follow u: so may every later one
                    if t < seq_len:
                        z = sequence[t]
                        if q[z] >= q[u] + dur[u]:
                            continue  # z may precede u
                    head = job_head
                    if t > 0:
                        y = sequence[t - 1]
                        if r[y] + dur[y] > head:
                            head = r[y] + dur[y]
                    tail = job_tail
                    if t < seq_len:
                        z = sequence[t]
                        if q[z] + dur[z] > tail:
                            tail = q[z] + dur[z]
                    estimate = head + duration + tail
                    if best_position == -2 or estimate < best_estimate:
                        best_estimate = estimate
                        best_position = sequence[t] if t < seq_len else -1
                if best_position == -2 or count >= MAX_MOVES:
                    continue
                move_kind[count] = REASSIGN
                move_u[count] = u
                move_v[count] = best_position
                move_k[count] = k
                move_estimate[count] = best_estimate
                move_tabu[count] = tabu_machine[u, k] > it
                count += 1
        if count == 0:
            # one block or none: no move can shorten this path; go back to the best
            if current == best:
                break
            perturbing = 0
            _copy(*best_solution, machine, mpred, msucc, mfirst, mlast)
            _set_durations(machine, dur, mode_start, mode_count, mode_machine, mode_duration)
            current = heads_and_tails(jpred, jsucc, mpred, msucc, dur, r, q, order, indegree)
            continue
        # choose: a random move while perturbing, else the best admissible estimate
        chosen = -1
        if perturbing > 0:
            chosen = _next_random(rng) % count
            perturbing -= 1
        else:
            ties = 0
            for c in range(count):
                if move_tabu[c] and move_estimate[c] >= best:
                    continue
                if chosen < 0 or move_estimate[c] < move_estimate[chosen]:
                    chosen = c
                    ties = 1
                elif move_estimate[c] == move_estimate[chosen]:
                    ties += 1
                    if _next_random(rng) % ties == 0:
                        chosen = c
            if chosen < 0:
                chosen = _next_random(rng) % count
        kind = move_kind[chosen]
        u = move_u[chosen]
        v = move_v[chosen]
        k = move_k[chosen]
        tenure = tenure_min + _next_random(rng) % (tenure_spread + 1)
        old_machine = machine[u]
        old_next = msucc[u]
        old_duration = dur[u]
        # record the orders undone, then move
        if kind == FORWARD:
            x = msucc[u]
            while x >= 0:
                tabu_order[u, x] = it + tenure
                if x == v:
                    break
                x = msucc[x]
            _remove(u, old_machine, mpred, msucc, mfirst, mlast)
            _insert_before(u, msucc[v], old_machine, mpred, msucc, mfirst, mlast)
        elif kind == BACKWARD:
            x = mpred[u]
            while x >= 0:
                tabu_order[x, u] = it + tenure
                if x == v:
                    break
                x = mpred[x]
            _remove(u, old_machine, mpred, msucc, mfirst, mlast)
            _insert_before(u, v, old_machine, mpred, msucc, mfirst, mlast)
        else:
            tabu_machine[u, old_machine] = it + tenure
            _remove(u, old_machine, mpred, msucc, mfirst, mlast)
            _insert_before(u, v, k, mpred, msucc, mfirst, mlast)
            machine[u] = k
            for m in range(mode_start[u], mode_start[u] + mode_count[u]):
                if mode_machine[m] == k:
                    dur[u] = mode_duration[m]
        value = heads_and_tails(jpred, jsucc, mpred, msucc, dur, r, q, order, indegree)
        if value < 0:
            # not proven acyclic after all (zero durations): undo, and forbid it a while
            _remove(u, machine[u], mpred, msucc, mfirst, mlast)
            _insert_before(u, old_next, old_machine, mpred, msucc, mfirst, mlast)
            machine[u] = old_machine
            dur[u] = old_duration
            if kind == REASSIGN:
                tabu_machine[u, k] = it + tenure
            value = heads_and_tails(jpred, jsucc, mpred, msucc, dur, r, q, order, indegree)
        current = value
        if current < best:
            best = current
            last_best = it
            _copy(machine, mpred, msucc, mfirst, mlast, *best_solution)
        elif it - last_best > stall_limit:
            # stalled: back to the best schedule, a few random moves, a fresh tabu list
            last_best = it
            _copy(*best_solution, machine, mpred, msucc, mfirst, mlast)
            _set_durations(machine, dur, mode_start, mode_count, mode_machine, mode_duration)
            current = heads_and_tails(jpred, jsucc, mpred, msucc, dur, r, q, order, indegree)
            tabu_order[:, :] = 0
            tabu_machine[:, :] = 0
            perturbing = 2 + _next_random(rng) % 6
    counters[0] = it
    counters[1] = best
    counters[2] = last_best
    counters[3] = current
    counters[4] = perturbing
    return best


@njit(cache=True, nogil=True)
def _copy(  # type: ignore[no-untyped-def]
    machine, mpred, msucc, mfirst, mlast, to_machine, to_mpred, to_msucc, to_mfirst, to_mlast
):
    """Copy one solution (machines and machine sequences) over another."""
    to_machine[:] = machine
    to_mpred[:] = mpred
    to_msucc[:] = msucc
    to_mfirst[:] = mfirst
    to_mlast[:] = mlast


@njit(cache=True, nogil=True)
def _set_durations(  # type: ignore[no-untyped-def]
    machine, dur, mode_start, mode_count, mode_machine, mode_duration
):
    """Each operation's duration on its assigned machine."""
    for u in range(machine.shape[0]):
        for m in range(mode_start[u], mode_start[u] + mode_count[u]):
            if mode_machine[m] == machine[u]:
                dur[u] = mode_duration[m]
