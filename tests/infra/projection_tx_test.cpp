// A projection batch as the runner uses it: reads see its own writes, and only the last write
// of each key reaches RocksDB.
#include <gtest/gtest.h>

#include "infra/storage.hpp"
#include "tests/support/temp_dir.hpp"

namespace sluice::infra {
namespace {

std::string shown(const result<std::optional<std::string>>& r) {
  return r ? r->value_or("<absent>") : "<error>";
}

class ProjectionTx : public testing::Test {
protected:
  void SetUp() override {
    std::string error_text;
    auto opened = storage::open({dir_.path(), open_mode::read_write, true}, clock_, error_text);
    ASSERT_TRUE(opened) << error_text;
    db_ = std::move(*opened);
  }

  testing_support::temp_dir dir_{"sluice_projection_tx"};
  system_clock clock_;
  std::unique_ptr<storage> db_;
};

TEST_F(ProjectionTx, ATxKeepsOnlyTheLastWriteOfEachKey) {
  auto& live = db_->projections(projection_space::live);
  auto tx = live.begin();
  for (int i = 1; i <= 50; ++i) // Fifty usage reports folded into one row, as under churn.
    tx->put("usage/row", std::to_string(i));
  tx->put("gone/soon", "x");
  tx->erase("gone/soon");
  tx->erase("never/there");
  tx->put("back/again", "1");
  tx->erase("back/again");
  tx->put("back/again", "2");
  EXPECT_EQ(tx->write_count(), 56u); // Every write counts, replaced or not.
  EXPECT_EQ(shown(tx->get("usage/row")), "50");
  EXPECT_EQ(shown(tx->get("gone/soon")), "<absent>");
  ASSERT_TRUE(tx->commit());
  EXPECT_EQ(shown(live.get("usage/row")), "50");
  EXPECT_EQ(shown(live.get("gone/soon")), "<absent>");
  EXPECT_EQ(shown(live.get("never/there")), "<absent>");
  EXPECT_EQ(shown(live.get("back/again")), "2");
  EXPECT_EQ(live.scan("", "", 10).value().size(), 2u);
}

} // namespace
} // namespace sluice::infra
