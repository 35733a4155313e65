// Writes editops_goldens.tsv: reference and hypothesis token sequences and the substitution, deletion and
// insertion counts that rapidfuzz's Levenshtein editops (the alignment jiwer 3.x counts S/D/I/H from) gives.
// Built against the single header of rapidfuzz-cpp (MIT), commit f34fe299e6aaf44e30ba4a5d718e4c750f60f7e3:
//   g++ -O2 -std=c++17 -I<rapidfuzz-cpp>/extras make_editops_goldens.cpp -o make_goldens && ./make_goldens > editops_goldens.tsv
// Small alphabets make many equally short alignments, so the counts test rapidfuzz's tie-breaking, not just
// the distance. Lengths up to 200 exercise its single-word (<= 64) and multi-word bit-parallel paths.
#include <cstdint>
#include <cstdio>
#include <vector>
#include "rapidfuzz_amalgamated.hpp"

static uint64_t state = 0x2545F4914F6CDD1DULL;
static uint32_t next_u32() {  // xorshift64*, fixed seed: the file is reproducible
  state ^= state >> 12; state ^= state << 25; state ^= state >> 27;
  return (uint32_t)((state * 0x2545F4914F6CDD1DULL) >> 32);
}

int main() {
  const int alphabets[] = {2, 3, 5, 12};
  const int max_lengths[] = {6, 12, 40, 70, 200};
  std::printf("# reference\thypothesis\tsubstitutions\tdeletions\tinsertions\n");
  for (int c = 0; c < 300; c++) {
    int k = alphabets[c % 4];
    int max_len = max_lengths[(c / 4) % 5];
    std::vector<int> ref(next_u32() % (max_len + 1)), hyp;
    for (auto& t : ref) t = next_u32() % k;
    // the hypothesis is the reference with random edits, like a recogniser's output
    for (size_t i = 0; i <= ref.size(); i++) {
      uint32_t r = next_u32() % 10;
      if (r == 0) hyp.push_back(next_u32() % k);                  // insertion
      if (i == ref.size()) break;
      if (r == 1) continue;                                       // deletion
      hyp.push_back(r == 2 ? (int)(next_u32() % k) : ref[i]);     // substitution or copy
    }
    if (c % 10 == 9) {  // now and then an unrelated hypothesis
      hyp.resize(next_u32() % (max_len + 1));
      for (auto& t : hyp) t = next_u32() % k;
    }
    rapidfuzz::Editops ops = rapidfuzz::levenshtein_editops(ref, hyp);
    long s = 0, d = 0, ins = 0;
    for (const auto& op : ops) {
      if (op.type == rapidfuzz::EditType::Replace) s++;
      else if (op.type == rapidfuzz::EditType::Delete) d++;
      else if (op.type == rapidfuzz::EditType::Insert) ins++;
    }
    for (size_t i = 0; i < ref.size(); i++) std::printf(i ? " %d" : "%d", ref[i]);
    std::printf("\t");
    for (size_t i = 0; i < hyp.size(); i++) std::printf(i ? " %d" : "%d", hyp[i]);
    std::printf("\t%ld\t%ld\t%ld\n", s, d, ins);
  }
  return 0;
}
