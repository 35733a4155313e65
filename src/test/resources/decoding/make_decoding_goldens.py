#!/usr/bin/python3
"""Golden hypotheses for rnnt4j's transducer decoders (greedy and NeMo's beam searches).

This is NOT NeMo: it is rnnt4j's own re-implementation, in PyTorch 1.13, of the decoding algorithms of
NVIDIA NeMo (source NVIDIA/NeMo@8cfedd7, 2.6.0rc0), written from reading
  nemo/collections/asr/parts/submodules/rnnt_beam_decoding.py   (BeamRNNTInfer: greedy_search for beam_size 1,
      default_beam_search, time_sync_decoding, align_length_sync_decoding, modified_adaptive_expansion_search,
      prefix_search, recombine_hypotheses, sort_nbest)
  nemo/collections/asr/parts/submodules/rnnt_malsd_batched_computer.py (malsd_batch, torch path)
  nemo/collections/asr/parts/submodules/rnnt_maes_batched_computer.py  (maes_batch, torch path)
  nemo/collections/asr/parts/utils/batched_beam_decoding_utils.py      (BatchedBeamHyps)
  nemo/collections/asr/parts/utils/rnnt_utils.py                       (is_prefix, select_k_expansions)
  nemo/collections/asr/modules/rnnt.py                                  (score_hypothesis, batch_score_hypothesis)
  nemo/collections/asr/parts/submodules/rnnt_decoding.py                (RNNTDecoding defaults)
The decoder and joint are those of the .nemo fixtures loaded with ../shared/peer/nemo_ref.py (a module-by-module
PyTorch port of NeMo's model); the encoder output is the fixture's `encoded` golden (eval mode, B = 2), which the
script recomputes from the two fixture utterances and checks first.

Usage: /usr/bin/python3 make_decoding_goldens.py --nemo_ref ../shared/peer/nemo_ref.py
           [--fixtures src/test/resources/nemo] [--out src/test/resources/decoding]
"""
import argparse
import importlib.util
import json
import os
import sys
import tempfile
import wave

import numpy as np
import torch
import torch.nn.functional as F

MODELS = ["contextnet_tiny", "contextnet_strided_tiny", "conformer_tiny", "fastconformer_tiny"]
NBEST_KEPT = 16  # ALSD's final list holds hundreds of transcripts; the goldens keep the first 16 of each list
NEG_INF = float("-inf")


# ------------------------------------------------------------------------------------------------ the network
class Net:
    """The decoder + joint of one model, with NeMo's per-utterance prediction cache keyed by y_sequence."""

    def __init__(self, model):
        self.dec = model.decoder
        self.joint = model.joint
        self.blank = self.dec.blank_idx
        self.vocab_size = self.dec.vocab_size
        self.cache = {}

    def reset(self):
        self.cache = {}

    def score(self, hyps):
        """batch_score_hypothesis: prediction output (H) and state for each hypothesis' y_sequence; the
        uncached ones run as one batch from the state the hypothesis carries (dec_state)."""
        out = [None] * len(hyps)
        todo = []
        for i, h in enumerate(hyps):
            key = tuple(h.y)
            if key in self.cache:
                out[i] = self.cache[key]
            else:
                todo.append(i)
        if todo:
            tokens = torch.tensor([[hyps[i].y[-1]] for i in todo], dtype=torch.long)
            hs, cs = [], []
            for i in todo:
                st = hyps[i].state
                if st is None:
                    st = self.dec.initialize_state(1)
                hs.append(st[0])
                cs.append(st[1])
            state = (torch.cat(hs, 1), torch.cat(cs, 1))
            g, new = self.dec.predict(tokens, state, add_sos=False, batch_size=len(todo))
            for r, i in enumerate(todo):
                entry = (g[r, -1], (new[0][:, r:r + 1], new[1][:, r:r + 1]))
                self.cache[tuple(hyps[i].y)] = entry
                out[i] = entry
        return out

    def logp(self, enc_rows, dec_rows):
        """log_softmax(joint(enc, dec)): enc (R, D) or (1, D), dec (R, H) -> (R, V+1)."""
        f = self.joint.project_encoder(enc_rows)
        g = self.joint.project_prednet(dec_rows)
        return torch.log_softmax(self.joint.joint_net(f + g), dim=-1)


class Hyp:
    """NeMo's rnnt_utils.Hypothesis, the fields the beam searches use: y starts with the blank, ts with -1."""

    def __init__(self, score, y, state, ts, dec_out=None):
        self.score = score
        self.y = y
        self.state = state
        self.ts = ts
        self.dec_out = dec_out


def logaddexp(a, b):
    return float(np.logaddexp(a, b))


def is_prefix(x, pref):
    if len(pref) >= len(x):
        return False
    return all(pref[i] == x[i] for i in range(len(pref)))


def sort_nbest(hyps, score_norm):
    if score_norm:
        return sorted(hyps, key=lambda h: h.score / len(h.y), reverse=True)
    return sorted(hyps, key=lambda h: h.score, reverse=True)


# ------------------------------------------------------------------------------------------------ per utterance
def greedy_search(net, h, T):
    """BeamRNNTInfer.greedy_search (beam_size 1): at most 5 symbols per frame, score = sum of token log-probs."""
    hyp = Hyp(0.0, [net.blank], None, [-1])
    (g, state), = net.score([hyp])
    for t in range(T):
        added = 0
        while added < 5:
            lp = net.logp(h[t:t + 1], g.unsqueeze(0))[0]
            v, k = torch.max(lp, dim=-1)
            k = int(k)
            if k == net.blank:
                break
            hyp.y.append(k)
            hyp.score += float(v)
            hyp.state = state
            hyp.ts.append(t)
            (g, state), = net.score([hyp])
            added += 1
    return [hyp]


def default_beam_search(net, h, T, beam_size, score_norm):
    beam = min(beam_size, net.vocab_size)
    beam_k = min(beam, net.vocab_size - 1)
    kept = [Hyp(0.0, [net.blank], None, [-1])]
    for t in range(T):
        hyps = kept
        kept = []
        while True:
            best = max(hyps, key=lambda x: x.score)
            hyps.remove(best)
            (g, state), = net.score([best])
            lp = net.logp(h[t:t + 1], g.unsqueeze(0))[0]
            top_v, top_k = lp[:net.blank].topk(beam_k)
            for logp, k in list(zip(top_v.tolist(), top_k.tolist())) + [(float(lp[net.blank]), net.blank)]:
                new = Hyp(best.score + float(logp), best.y[:], best.state, best.ts[:])
                if k == net.blank:
                    kept.append(new)
                else:
                    new.state = state
                    new.y.append(int(k))
                    new.ts.append(t)
                    hyps.append(new)
            hyps_max = float(max(hyps, key=lambda x: x.score).score)
            above = sorted([x for x in kept if x.score > hyps_max], key=lambda x: x.score)
            if len(above) >= beam:
                kept = above
                break
    return sort_nbest(kept, score_norm)


def time_sync_decoding(net, h, T, beam_size, score_norm, max_sym_exp):
    beam = min(beam_size, net.vocab_size)
    B = [Hyp(0.0, [net.blank], None, [-1])]
    for t in range(T):
        A = []
        C = B
        for v in range(max_sym_exp):
            D = []
            scored = net.score(C)
            lp = net.logp(h[t:t + 1], torch.stack([g for g, _ in scored]))
            top_v, top_k = lp[:, :net.blank].topk(beam, dim=-1)
            seq_A = [x.y for x in A]
            for j, hyp in enumerate(C):
                s = hyp.score + float(lp[j, net.blank])
                if hyp.y not in seq_A:
                    A.append(Hyp(s, hyp.y[:], hyp.state, hyp.ts[:]))
                else:
                    pos = seq_A.index(hyp.y)
                    A[pos].score = logaddexp(A[pos].score, s)
            for j, hyp in enumerate(C):
                for logp, k in zip(top_v[j].tolist(), top_k[j].tolist()):
                    D.append(Hyp(hyp.score + float(logp), hyp.y + [int(k)], scored[j][1], hyp.ts[:] + [t]))
            C = sorted(D, key=lambda x: x.score, reverse=True)[:beam]
        B = sorted(A, key=lambda x: x.score, reverse=True)[:beam]
    return sort_nbest(B, score_norm)


def recombine_hypotheses(hyps):
    final = []
    for hyp in hyps:
        seq_final = [f.y for f in final if f.y]
        if hyp.y in seq_final:
            pos = seq_final.index(hyp.y)
            final[pos].score = logaddexp(final[pos].score, hyp.score)
        else:
            final.append(hyp)
    return final


def align_length_sync_decoding(net, h, T, beam_size, score_norm, max_target_len, relative=True):
    """ALSD. Timestamps: NeMo appends the step index i (= t + u) for a token; `frame_ts` keeps the frame t."""
    beam = min(beam_size, net.vocab_size)
    u_max = int(max_target_len * T) if relative else int(max_target_len)
    B = [Hyp(0.0, [net.blank], None, [-1])]
    for hyp in B:
        hyp.frame_ts = [-1]
    final = []
    for i in range(T + u_max):
        A = []
        B_ = []
        frames = []
        for hyp in B:
            u = len(hyp.y) - 1
            t = i - u
            if t > T - 1:
                continue
            B_.append(hyp)
            frames.append(t)
        if B_:
            scored = net.score(B_)
            enc = h[torch.tensor(frames)]
            lp = net.logp(enc, torch.stack([g for g, _ in scored]))
            top_v, top_k = lp[:, :net.blank].topk(beam, dim=-1)
            for j, hyp in enumerate(B_):
                new = Hyp(hyp.score + float(lp[j, net.blank]), hyp.y[:], hyp.state, hyp.ts[:])
                new.frame_ts = hyp.frame_ts[:]
                A.append(new)
                if frames[j] == T - 1:
                    final.append(new)
                for logp, k in zip(top_v[j].tolist(), top_k[j].tolist()):
                    new = Hyp(hyp.score + float(logp), hyp.y[:] + [int(k)], scored[j][1], hyp.ts[:] + [i])
                    new.frame_ts = hyp.frame_ts[:] + [frames[j]]
                    A.append(new)
            B = sorted(A, key=lambda x: x.score, reverse=True)[:beam]
            B = recombine_hypotheses(B)
        else:
            break  # every hypothesis has consumed all frames
    if final:
        return sort_nbest(final, score_norm)
    return B


def select_k_expansions(hyps, idx, logp, gamma):
    out = []
    for i, hyp in enumerate(hyps):
        cand = [(int(k), hyp.score + float(v)) for k, v in zip(idx[i].tolist(), logp[i].tolist())]
        best = max(cand, key=lambda x: x[1])
        exp = sorted([c for c in cand if best[1] - gamma <= c[1]], key=lambda x: x[1])
        out.append(exp if exp else [best])
    return out


def prefix_search(net, hyps, enc_t, prefix_alpha):
    for j, hj in enumerate(hyps[:-1]):
        for hi in hyps[j + 1:]:
            curr_id = len(hj.y)
            pref_id = len(hi.y)
            if is_prefix(hj.y, hi.y) and (curr_id - pref_id) <= prefix_alpha:
                lp = net.logp(enc_t, hi.dec_out[-1].unsqueeze(0))[0]
                curr = hi.score + float(lp[hj.y[pref_id]])
                for k in range(pref_id, curr_id - 1):
                    lp = net.logp(enc_t, hj.dec_out[k].unsqueeze(0))[0]
                    curr += float(lp[hj.y[k + 1]])
                hj.score = logaddexp(hj.score, curr)
    return hyps


def modified_adaptive_expansion_search(net, h, T, beam_size, score_norm, num_steps, prefix_alpha, beta, gamma):
    beam = min(beam_size, net.vocab_size)
    max_candidates = beam_size + beta
    init = Hyp(0.0, [net.blank], None, [-1])
    (g0, s0), = net.score([init])
    kept = [Hyp(0.0, [net.blank], s0, [-1], [g0])]
    for t in range(T):
        enc_t = h[t:t + 1]
        hyps = prefix_search(net, sorted(kept, key=lambda x: len(x.y), reverse=True), enc_t, prefix_alpha)
        kept = []
        list_b = []
        dup = [x.y for x in hyps]
        for n in range(num_steps):
            lp = net.logp(enc_t, torch.stack([x.dec_out[-1] for x in hyps]))
            top_v, top_k = lp.topk(max_candidates, dim=-1)
            k_exp = select_k_expansions(hyps, top_k, top_v, gamma)
            list_exp = []
            for i, hyp in enumerate(hyps):
                for k, new_score in k_exp[i]:
                    new = Hyp(new_score, hyp.y[:], hyp.state, hyp.ts[:], hyp.dec_out[:])
                    if k == net.blank:
                        list_b.append(new)
                    elif new.y + [k] not in dup:
                        new.y.append(k)
                        new.ts.append(t)
                        list_exp.append(new)
            if not list_exp:
                kept = sorted(list_b, key=lambda x: x.score, reverse=True)[:beam]
                break
            scored = net.score(list_exp)
            if n < num_steps - 1:
                for i, hyp in enumerate(list_exp):
                    hyp.dec_out.append(scored[i][0])
                    hyp.state = scored[i][1]
                hyps = list_exp[:]
            else:
                lp = net.logp(enc_t, torch.stack([g for g, _ in scored]))
                for i, hyp in enumerate(list_exp):
                    hyp.score += float(lp[i, net.blank])
                    hyp.dec_out.append(scored[i][0])
                    hyp.state = scored[i][1]
                kept = sorted(list_b + list_exp, key=lambda x: x.score, reverse=True)[:beam]
    return sort_nbest(kept, score_norm)


# ------------------------------------------------------------------------------------------------ batched
M = 6364136223846793005


def hash_text(prev, labels):
    # int64 arithmetic wraps like NeMo's tensors (two's complement)
    return prev * M + 1 + labels


class BatchedHyps:
    """NeMo's BatchedBeamHyps (RNN-T), storing per-step labels/pointers/timestamps instead of growing buffers."""

    def __init__(self, B, K, blank, store_prefix=False):
        self.B, self.K, self.blank = B, K, blank
        self.scores = torch.full((B, K), NEG_INF)
        self.scores[:, 0] = 0.0
        self.len_nb = torch.zeros((B, K), dtype=torch.long)
        self.len_wb = 0
        self.last_label = torch.full((B, K), -1, dtype=torch.long)
        self.hash = torch.zeros((B, K), dtype=torch.long)
        self.prefix_hash = torch.zeros((B, K), dtype=torch.long) if store_prefix else None
        self.next_ts = torch.zeros((B, K), dtype=torch.long)
        self.last_ts_lasts = torch.zeros((B, K), dtype=torch.long)
        self.labels, self.ptrs, self.stamps = [], [], []

    def add(self, idx, labels, probs):
        last = torch.gather(self.last_label, 1, idx)
        self.labels.append(labels.clone())
        self.ptrs.append(idx.clone())
        ext = labels >= 0
        ext_blank = labels == self.blank
        ext_label = ext & ~ext_blank
        ts = torch.gather(self.next_ts, 1, idx)
        self.stamps.append(ts + ext_blank.long())
        self.next_ts = ts + ext_blank.long()
        self.last_ts_lasts = torch.where(ext_blank, torch.zeros_like(ts),
                                         torch.gather(self.last_ts_lasts, 1, idx) + ext_label.long())
        self.len_nb = torch.gather(self.len_nb, 1, idx) + ext_label.long()
        self.len_wb += 1
        self.scores = probs.clone()
        prev = torch.gather(self.hash, 1, idx)
        if self.prefix_hash is not None:
            prev_prefix = torch.gather(self.prefix_hash, 1, idx)
            self.prefix_hash = torch.where(ext_label, prev, prev_prefix)
        self.hash = torch.where(ext_label, hash_text(prev, labels), prev)
        self.last_label = torch.where(ext_label, labels, last)

    def recombine(self):
        if self.K <= 1:
            return
        eq = ((self.hash[:, :, None] == self.hash[:, None, :])
              & (self.last_label[:, :, None] == self.last_label[:, None, :])
              & (self.len_nb[:, :, None] == self.len_nb[:, None, :]))
        mat = torch.where(eq, self.scores[:, None, :].expand(self.B, self.K, self.K), torch.tensor(NEG_INF))
        keep = torch.arange(self.K)[None, :] == mat.argmax(-1)
        self.scores = torch.where(keep, torch.logsumexp(mat, -1), torch.tensor(NEG_INF))

    def remove_duplicates(self, labels, total):
        if self.K <= 1:
            return total
        nb = labels != self.blank
        exp_h = hash_text(self.hash.unsqueeze(-1), labels)
        exp_h = torch.where(nb, exp_h, self.hash.unsqueeze(-1)).view(self.B, -1)
        masked = torch.where(self.scores != NEG_INF, self.hash, torch.tensor(-1))
        init_eq = (exp_h[:, :, None] == masked[:, None, :]).any(-1) & nb.view(self.B, -1)
        eq = exp_h[:, :, None] == exp_h[:, None, :]
        sc = torch.where(init_eq, torch.tensor(NEG_INF), total.view(self.B, -1))
        sc = torch.where(eq, sc[:, None, :].expand(eq.shape), torch.tensor(NEG_INF))
        val, arg = sc.max(-1)
        keep = torch.arange(arg.shape[-1])[None, :] == arg
        return torch.where(keep, val, torch.tensor(NEG_INF)).view(total.shape)

    def recombine_prefixes(self, label_logps, active):
        if self.K <= 1 or self.len_wb == 0:
            return
        prefix = torch.where(self.len_nb == 0, torch.tensor(-2), self.prefix_hash)
        eq = self.hash[:, None, :] == prefix[:, :, None]
        last = torch.where(self.last_label == -1, torch.tensor(self.blank), self.last_label)
        lab = last.unsqueeze(1).repeat(1, self.K, 1)
        sc = self.scores.unsqueeze(1).repeat(1, self.K, 1)
        lp = sc + torch.gather(label_logps, -1, lab).transpose(-1, -2)
        lp = torch.logsumexp(torch.where(eq, lp, torch.tensor(NEG_INF)), -1)
        upd = active & (self.scores != NEG_INF)
        self.scores = torch.where(upd, torch.logaddexp(self.scores, lp), self.scores)

    def nbest(self, score_norm):
        """to_nbest_hyps_list: per utterance, hypotheses sorted by (normalised) score, -inf ones dropped."""
        key = self.scores / (self.len_nb.float() + 1) if score_norm else self.scores
        _, order = torch.sort(key, dim=-1, descending=True)
        L = len(self.labels)
        labels = torch.stack(self.labels, -1) if L else torch.zeros((self.B, self.K, 0), dtype=torch.long)
        ptrs = torch.stack(self.ptrs, -1) if L else labels
        stamps = torch.stack(self.stamps, -1) if L else labels
        out = []
        for b in range(self.B):
            row = []
            for k in order[b].tolist():
                s = float(self.scores[b, k])
                if s == NEG_INF:
                    continue
                toks, ts = [], []
                p = k
                for step in range(L - 1, -1, -1):
                    lab = int(labels[b, p, step])
                    if lab >= 0 and lab != self.blank:
                        toks.append(lab)
                        ts.append(int(stamps[b, p, step]))
                    p = int(ptrs[b, p, step])
                row.append((s, toks[::-1], ts[::-1]))
            out.append(row)
        return out


def malsd_batch(net, enc, lengths, beam, max_symbols):
    B, T, _ = enc.shape
    V1 = net.blank + 1
    fproj = net.joint.project_encoder(enc)
    hyps = BatchedHyps(B, beam, net.blank)
    labels = torch.full((B, beam), net.blank, dtype=torch.long)
    bidx = torch.arange(B)[:, None].expand(B, beam)
    beam_beam = torch.arange(beam)[None, :, None].expand(B, beam, beam).reshape(B, -1)
    safe_t = torch.zeros((B, beam), dtype=torch.long)
    last_t = (lengths - 1)[:, None].expand(B, beam)
    active = safe_t <= last_t
    g, state = net.dec.predict(labels.view(-1, 1), None, add_sos=False, batch_size=B * beam)
    g = net.joint.project_prednet(g)  # (B*beam, 1, J)
    while bool(active.any()):
        f = fproj[bidx.reshape(-1), safe_t.reshape(-1)]
        lp = torch.log_softmax(net.joint.joint_net(f + g[:, 0]), -1).view(B, beam, V1)
        top_v, top_k = torch.topk(lp, beam, dim=-1, largest=True, sorted=True)
        blank_lp = lp[..., net.blank]
        cand = hyps.scores.unsqueeze(-1) + top_v
        forced = hyps.scores + blank_lp
        cand = torch.where(active.unsqueeze(-1), cand, torch.tensor(NEG_INF))
        cand[..., 0] = torch.where(active, cand[..., 0], hyps.scores)
        top_k = torch.where(active.unsqueeze(-1), top_k, torch.tensor(-1))
        force = (hyps.last_ts_lasts >= max_symbols) & active
        cand = torch.where(force.unsqueeze(-1), torch.tensor(NEG_INF), cand)
        cand[..., 0] = torch.where(force, forced, cand[..., 0])
        top_k = torch.where(force.unsqueeze(-1), torch.tensor(net.blank), top_k)
        nxt_p, nxt_i = torch.topk(cand.view(B, -1), beam, largest=True, sorted=True)
        idx = torch.gather(beam_beam, -1, nxt_i)
        nxt_l = torch.gather(top_k.reshape(B, -1), -1, nxt_i)
        hyps.add(idx, nxt_l, nxt_p)
        hyps.recombine()
        last_wb = torch.where(nxt_l >= 0, nxt_l, torch.tensor(net.blank))
        preserve = last_wb == net.blank
        flat = (idx + torch.arange(B)[:, None] * beam).view(-1)
        prev_g = g[flat]
        prev_s = (state[0][:, flat], state[1][:, flat])
        g2, s2 = net.dec.predict(last_wb.view(-1, 1), prev_s, add_sos=False, batch_size=B * beam)
        g2 = net.joint.project_prednet(g2)
        pm = preserve.view(-1)
        g = torch.where(pm[:, None, None], prev_g, g2)
        state = (torch.where(pm[None, :, None], prev_s[0], s2[0]), torch.where(pm[None, :, None], prev_s[1], s2[1]))
        t_idx = hyps.next_ts
        safe_t = torch.minimum(t_idx, last_t)
        active = t_idx <= last_t
    return hyps


def maes_batch(net, enc, lengths, beam, num_steps, beta, gamma):
    B, T, _ = enc.shape
    V1 = net.blank + 1
    E = beam + beta
    fproj = net.joint.project_encoder(enc)
    hyps = BatchedHyps(B, beam, net.blank, store_prefix=True)
    labels = torch.full((B, beam), net.blank, dtype=torch.long)
    bidx = torch.arange(B)[:, None].expand(B, beam)
    beam_idx = torch.arange(beam)[None, :].expand(B, beam)
    exp_beam = torch.arange(beam)[None, :, None].expand(B, beam, E).reshape(B, -1)
    t_idx = torch.zeros((B, beam), dtype=torch.long)
    safe_t = torch.zeros_like(t_idx)
    last_t = (lengths - 1)[:, None].expand(B, beam)
    active = t_idx <= last_t
    g, state = net.dec.predict(labels.view(-1, 1), None, add_sos=False, batch_size=B * beam)
    g = net.joint.project_prednet(g)

    def logps():
        f = fproj[bidx.reshape(-1), safe_t.reshape(-1)]
        return torch.log_softmax(net.joint.joint_net(f + g[:, 0]), -1).view(B, beam, V1)

    while bool(active.any()):
        to_update = active.clone()
        lp = logps()
        hyps.recombine_prefixes(lp, active)
        steps = 0
        while bool(to_update.any()) and steps < num_steps:
            lab_lp, nxt_l = lp.topk(E, dim=-1, largest=True, sorted=True)
            probs = hyps.scores.unsqueeze(-1) + lab_lp
            probs[probs <= probs.max(dim=-1, keepdim=True).values - gamma] = NEG_INF
            nxt_l = torch.where(to_update.unsqueeze(-1), nxt_l, torch.tensor(-1))
            probs = torch.where(to_update.unsqueeze(-1), probs, torch.tensor(NEG_INF))
            probs = hyps.remove_duplicates(nxt_l, probs)
            probs[..., -1] = torch.where(to_update, probs[..., -1], hyps.scores)
            probs, i = probs.view(B, -1).topk(beam, dim=-1, largest=True, sorted=True)
            nxt_l = torch.gather(nxt_l.view(B, -1), -1, i)
            idx = torch.gather(exp_beam, -1, i)
            hyps.add(idx, nxt_l, probs)
            last_wb = torch.where(nxt_l >= 0, nxt_l, torch.tensor(net.blank))
            preserve = last_wb == net.blank
            flat = (idx + torch.arange(B)[:, None] * beam).view(-1)
            prev_g = g[flat]
            prev_s = (state[0][:, flat], state[1][:, flat])
            g2, s2 = net.dec.predict(last_wb.view(-1, 1), prev_s, add_sos=False, batch_size=B * beam)
            g2 = net.joint.project_prednet(g2)
            pm = preserve.view(-1)
            g = torch.where(pm[:, None, None], prev_g, g2)
            state = (torch.where(pm[None, :, None], prev_s[0], s2[0]),
                     torch.where(pm[None, :, None], prev_s[1], s2[1]))
            lp = logps()
            to_update = to_update & (last_wb != net.blank)
            steps += 1
        if bool(to_update.any()):
            probs = torch.where(to_update, hyps.scores + lp[..., -1], hyps.scores)
            labs = torch.where(to_update, torch.tensor(net.blank), torch.tensor(-1))
            hyps.add(beam_idx, labs, probs)
        t_idx = t_idx + 1
        active = t_idx <= last_t
        safe_t = torch.where(active, t_idx, last_t)
    return hyps


# ------------------------------------------------------------------------------------------------ driver
def per_utterance(net, enc_bdt, lengths, search):
    """Runs `search(net, h, T)` per utterance with a fresh cache; returns NeMo's n-best list per utterance."""
    x = enc_bdt.transpose(1, 2)
    out = []
    for b in range(x.shape[0]):
        net.reset()
        T = int(lengths[b])
        hyps = search(net, x[b, :T], T)
        stamp = (lambda hh: hh.frame_ts[1:]) if hasattr(hyps[0], "frame_ts") else (lambda hh: hh.ts[1:])
        out.append([(float(hh.score), [k for k in hh.y if k != net.blank], stamp(hh), hh.ts[1:]) for hh in hyps])
    return out


def distinct(nbest):
    seen, out = set(), []
    for item in nbest:
        key = tuple(item[1])
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def case_json(name, strategy, params, results):
    utts = []
    for nbest in results:
        unique = distinct(nbest)
        utts.append({
            "nemo_nbest_size": len(nbest),
            "distinct_size": len(unique),
            "nbest": [{"tokens": toks, "timestamps": ts, "score": s} for s, toks, ts, *_ in unique[:NBEST_KEPT]],
        })
        if strategy == "alsd":
            utts[-1]["nemo_step_timestamps"] = [list(x[3]) for x in unique[:NBEST_KEPT]]
    return {"name": name, "strategy": strategy, "params": params, "utterances": utts}


def dump(result):
    """JSON with one line per hypothesis (diffable, compact)."""
    lines = ["{"]
    head = {k: v for k, v in result.items() if k != "cases"}
    for k, v in head.items():
        lines.append(f" {json.dumps(k)}: {json.dumps(v)},")
    lines.append(' "cases": [')
    for ci, case in enumerate(result["cases"]):
        lines.append("  {" + ", ".join(f"{json.dumps(k)}: {json.dumps(case[k])}" for k in ("name", "strategy", "params"))
                     + ', "utterances": [')
        for ui, u in enumerate(case["utterances"]):
            lines.append("   {" + ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in u.items() if k != "nbest")
                         + ', "nbest": [')
            for hi, h in enumerate(u["nbest"]):
                lines.append("    " + json.dumps(h) + ("," if hi < len(u["nbest"]) - 1 else ""))
            lines.append("   ]}" + ("," if ui < len(case["utterances"]) - 1 else ""))
        lines.append("  ]}" + ("," if ci < len(result["cases"]) - 1 else ""))
    lines.append(" ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def cases(net, enc, lengths):
    out = []
    x = enc.transpose(1, 2)
    for K in (1, 2, 4):
        for norm in ((True, False) if K > 1 else (True,)):
            if K == 1:
                res = per_utterance(net, enc, lengths, lambda n, h, T: greedy_search(n, h, T))
            else:
                res = per_utterance(net, enc, lengths, lambda n, h, T: default_beam_search(n, h, T, K, norm))
            out.append(case_json(f"beam_{K}{'' if norm else '_raw'}", "beam",
                                 {"beam_size": K, "score_norm": norm}, res))
    res = per_utterance(net, enc, lengths, lambda n, h, T: time_sync_decoding(n, h, T, 4, True, 10))
    out.append(case_json("tsd_4", "tsd", {"beam_size": 4, "score_norm": True, "tsd_max_sym_exp_per_step": 10}, res))
    res = per_utterance(net, enc, lengths, lambda n, h, T: align_length_sync_decoding(n, h, T, 4, True, 1.0))
    out.append(case_json("alsd_4", "alsd", {"beam_size": 4, "score_norm": True, "alsd_max_target_len": 1.0}, res))
    for K in (2, 4):
        res = per_utterance(net, enc, lengths,
                            lambda n, h, T: modified_adaptive_expansion_search(n, h, T, K, True, 2, 1, 2, 2.3))
        out.append(case_json(f"maes_{K}", "maes",
                             {"beam_size": K, "score_norm": True, "maes_num_steps": 2, "maes_prefix_alpha": 1,
                              "maes_expansion_beta": 2, "maes_expansion_gamma": 2.3}, res))
    for norm in (True, False):
        net.reset()
        h = malsd_batch(net, x, lengths, 4, 10)
        res = [[(s, toks, ts, ts) for s, toks, ts in row] for row in h.nbest(norm)]
        out.append(case_json(f"malsd_batch_4{'' if norm else '_raw'}", "malsd_batch",
                             {"beam_size": 4, "score_norm": norm, "max_symbols": 10}, res))
    h = maes_batch(net, x, lengths, 4, 2, 2, 2.3)
    res = [[(s, toks, ts, ts) for s, toks, ts in row] for row in h.nbest(True)]
    out.append(case_json("maes_batch_4", "maes_batch",
                         {"beam_size": 4, "score_norm": True, "maes_num_steps": 2, "maes_expansion_beta": 2,
                          "maes_expansion_gamma": 2.3}, res))
    return out


def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--nemo_ref", required=True)
    here = os.path.dirname(os.path.abspath(__file__))
    p.add_argument("--fixtures", default=os.path.join(here, "..", "nemo"))
    p.add_argument("--out", default=here)
    a = p.parse_args()
    spec = importlib.util.spec_from_file_location("nemo_ref", a.nemo_ref)
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    torch.manual_seed(0)
    torch.set_num_threads(2)
    for name in MODELS:
        with tempfile.TemporaryDirectory() as tmp:
            model, cfg, _ = ref.load_nemo(os.path.join(a.fixtures, name + ".nemo"), tmp)
        model.eval()
        goldens = ref.load_safetensors(os.path.join(a.fixtures, name + ".goldens.safetensors"))
        enc = torch.from_numpy(np.array(goldens["encoded"]))
        lengths = torch.from_numpy(np.array(goldens["encoded_lengths"]))
        waves = [read_wav(os.path.join(a.fixtures, "audio", f"utt{i}.wav")) for i in range(2)]
        audio = torch.zeros(2, max(len(w) for w in waves))
        for i, w in enumerate(waves):
            audio[i, :len(w)] = torch.from_numpy(w)
        with torch.no_grad():
            re_enc, re_len = model(audio, torch.tensor([len(w) for w in waves]))
            assert torch.equal(re_len, lengths), (re_len, lengths)
            err = float((re_enc - enc).abs().max() / enc.abs().max())
            assert err < 1e-5, f"{name}: recomputed encoder output differs from the fixture golden by {err}"
            net = Net(model)
            result = {
                "model": name,
                "source": "rnnt4j's re-implementation of NeMo's decoding algorithms (NVIDIA/NeMo@8cfedd7) in "
                          "PyTorch " + torch.__version__ + " on ../shared/peer/nemo_ref.py (not NeMo itself)",
                "encoder_output": f"nemo/{name}.goldens.safetensors: encoded, encoded_lengths",
                "blank": net.blank,
                "encoded_lengths": lengths.tolist(),
                "cases": cases(net, enc, lengths),
            }
        with open(os.path.join(a.out, name + ".decoding.json"), "w", encoding="utf-8") as f:
            f.write(dump(result))
        print(name, "written", file=sys.stderr)


if __name__ == "__main__":
    main()
