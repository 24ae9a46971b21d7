// Which connections a listener keeps at its caps, and which it sheds (issue #20 §3).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "infra/connection_admission.hpp"

namespace sluice::infra {
namespace {

boost::asio::ip::address at(const std::string& text) {
  return boost::asio::ip::make_address(text);
}

/// Admitted places and the order in which their connections were told to close.
struct listener {
  explicit listener(admission_caps caps) : admission(connection_admission::create(caps)) {
  }

  /// Admits a connection named `name`; false if refused.
  bool open(const std::string& name, const std::string& address) {
    auto place = admission->admit(at(address), [this, name] { shed.push_back(name); });
    if (!place)
      return false;
    places.emplace_back(name, std::move(place));
    return true;
  }
  connection_admission::place& place_of(const std::string& name) {
    for (auto& [n, p] : places) {
      if (n == name)
        return *p;
    }
    throw std::logic_error("no place " + name);
  }
  void close(const std::string& name) {
    std::erase_if(places, [&](const auto& entry) { return entry.first == name; });
  }

  std::shared_ptr<connection_admission> admission;
  std::vector<std::pair<std::string, std::unique_ptr<connection_admission::place>>> places;
  std::vector<std::string> shed;
};

TEST(ConnectionAdmission, AtAnAddressCapItsOldestWaitingConnectionMakesRoom) {
  listener l({100, 2, 0});
  ASSERT_TRUE(l.open("a1", "10.0.0.1"));
  ASSERT_TRUE(l.open("a2", "10.0.0.1"));
  ASSERT_TRUE(l.open("b1", "10.0.0.2"));
  l.place_of("a1").set_waiting(false); // Its request is being served: it stays.
  ASSERT_TRUE(l.open("a3", "10.0.0.1"));
  EXPECT_EQ(l.shed, std::vector<std::string>{"a2"});
  EXPECT_EQ(l.admission->size(), 3u);
}

TEST(ConnectionAdmission, AtAnAddressCapWithNobodyWaitingTheNewcomerIsRefused) {
  listener l({100, 2, 0});
  ASSERT_TRUE(l.open("a1", "10.0.0.1"));
  ASSERT_TRUE(l.open("a2", "10.0.0.1"));
  l.place_of("a1").set_waiting(false);
  l.place_of("a2").set_waiting(false);
  EXPECT_FALSE(l.open("a3", "10.0.0.1"));
  EXPECT_TRUE(l.open("b1", "10.0.0.2")); // Other addresses are not affected.
  EXPECT_TRUE(l.shed.empty());
  l.close("a1");
  EXPECT_TRUE(l.open("a3", "10.0.0.1"));
}

TEST(ConnectionAdmission, AtTheTotalCapTheAddressWithTheMostPlacesPays) {
  listener l({4, 10, 0});
  ASSERT_TRUE(l.open("lone", "10.0.0.7")); // The oldest of all, and waiting.
  ASSERT_TRUE(l.open("f1", "10.0.0.9"));
  ASSERT_TRUE(l.open("f2", "10.0.0.9"));
  ASSERT_TRUE(l.open("f3", "10.0.0.9"));
  ASSERT_TRUE(l.open("new", "10.0.0.8"));
  EXPECT_EQ(l.shed, std::vector<std::string>{"f1"});
  EXPECT_EQ(l.admission->size(), 4u);
}

TEST(ConnectionAdmission, TheLastPlacesAreTheReserve) {
  listener l({4, 10, 2});
  ASSERT_TRUE(l.open("c1", "10.0.0.1"));
  ASSERT_TRUE(l.open("c2", "10.0.0.2"));
  ASSERT_TRUE(l.open("c3", "10.0.0.3"));
  ASSERT_TRUE(l.open("c4", "10.0.0.4"));
  EXPECT_FALSE(l.place_of("c1").reserved());
  EXPECT_FALSE(l.place_of("c2").reserved());
  EXPECT_TRUE(l.place_of("c3").reserved());
  EXPECT_TRUE(l.place_of("c4").reserved());
}

TEST(ConnectionAdmission, ShortOfDescriptorsTheLargestHoldersOldestWaitingAreShed) {
  listener l({100, 100, 0});
  ASSERT_TRUE(l.open("lone", "10.0.0.7"));
  for (const char* name : {"h1", "h2", "h3", "h4"})
    ASSERT_TRUE(l.open(name, "10.0.0.1"));
  l.place_of("h1").set_waiting(false);
  EXPECT_EQ(l.admission->shed_some(2), 2u);
  EXPECT_EQ(l.shed, (std::vector<std::string>{"h2", "h3"}));
  // 10.0.0.1 now holds h1 (busy) and h4: still the largest, so h4 goes before the lone one.
  EXPECT_EQ(l.admission->shed_some(5), 2u);
  EXPECT_EQ(l.shed, (std::vector<std::string>{"h2", "h3", "h4", "lone"}));
  EXPECT_EQ(l.admission->size(), 1u);
  // A shed connection that ends later gives back nothing twice.
  l.close("h2");
  l.close("h1");
  EXPECT_EQ(l.admission->size(), 0u);
}

TEST(ConnectionAdmission, AConnectionWithoutACloseIsNeverShed) {
  auto admission = connection_admission::create({1, 1, 0});
  auto first = admission->admit(at("10.0.0.1"), nullptr);
  ASSERT_TRUE(first);
  EXPECT_FALSE(admission->admit(at("10.0.0.1"), nullptr));
  EXPECT_FALSE(admission->admit(at("10.0.0.2"), nullptr));
}

} // namespace
} // namespace sluice::infra
