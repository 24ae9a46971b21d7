// Lockstep walk over two column families of each space; stops at the first difference so the
// report names it.
#include "infra/rocksdb/space_compare.hpp"

#include <memory>

#include "infra/crypto.hpp"

namespace sluice::infra::rocksdb_adapter {
namespace {

std::string printable(std::string_view family, std::string_view key) {
  std::string out{family};
  out += ':';
  for (const char c : key) {
    if (c >= 0x20 && c < 0x7f) {
      out += c;
    } else {
      out += "\\x" + to_hex(std::string_view{&c, 1});
    }
  }
  return out;
}

status compare_family(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* live,
                      rocksdb::ColumnFamilyHandle* replay, std::string_view name,
                      space_comparison& out) {
  std::unique_ptr<rocksdb::Iterator> a(db.NewIterator(rocksdb::ReadOptions{}, live));
  std::unique_ptr<rocksdb::Iterator> b(db.NewIterator(rocksdb::ReadOptions{}, replay));
  a->SeekToFirst();
  b->SeekToFirst();
  while (a->Valid() || b->Valid()) {
    if (a->Valid() && b->Valid() && a->key() == b->key() && a->value() == b->value()) {
      ++out.live_keys;
      ++out.replay_keys;
      a->Next();
      b->Next();
      continue;
    }
    if (out.equal) {
      out.equal = false;
      const bool a_first = !b->Valid() || (a->Valid() && a->key().compare(b->key()) <= 0);
      out.first_difference = printable(name, (a_first ? a : b)->key().ToStringView());
    }
    // Keep counting so the report gives both sizes.
    if (a->Valid())
      ++out.live_keys, a->Next();
    if (b->Valid())
      ++out.replay_keys, b->Next();
  }
  if (!a->status().ok() || !b->status().ok())
    return errc::io_error;
  return {};
}

} // namespace

result<space_comparison> compare_column_families(const handles& h) {
  space_comparison out;
  if (auto s = compare_family(*h.db, h.projections[0], h.projections[1], "projections", out); !s) {
    return s.error();
  }
  if (auto s = compare_family(*h.db, h.checkpoints[0], h.checkpoints[1], "checkpoints", out); !s) {
    return s.error();
  }
  return out;
}

} // namespace sluice::infra::rocksdb_adapter
