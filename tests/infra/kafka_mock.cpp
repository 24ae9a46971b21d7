// A Kafka cluster for end-to-end tests: librdkafka's mock cluster (a real Kafka-protocol broker
// set, in process) with the topic created. Prints "bootstrap=HOST:PORT,..." on stdout, then
// takes commands on stdin, one per line: "down" / "up" (all brokers), "quit". EOF quits too.
// Usage: kafka_mock TOPIC [PARTITIONS]
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: kafka_mock TOPIC [PARTITIONS]\n");
    return 2;
  }
  constexpr int brokers = 3;
  const int partitions = argc > 2 ? std::atoi(argv[2]) : 4;
  char err[512];
  rd_kafka_t* owner = rd_kafka_new(RD_KAFKA_PRODUCER, rd_kafka_conf_new(), err, sizeof err);
  if (owner == nullptr) {
    std::fprintf(stderr, "kafka_mock: %s\n", err);
    return 1;
  }
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(owner, brokers);
  if (cluster == nullptr
      || rd_kafka_mock_topic_create(cluster, argv[1], partitions, brokers) != 0) {
    std::fprintf(stderr, "kafka_mock: cannot create the cluster or topic\n");
    return 1;
  }
  std::printf("bootstrap=%s\n", rd_kafka_mock_cluster_bootstraps(cluster));
  std::fflush(stdout);
  std::string line;
  while (std::getline(std::cin, line) && line != "quit") {
    for (int b = 1; b <= brokers; ++b) {
      if (line == "down")
        rd_kafka_mock_broker_set_down(cluster, b);
      else if (line == "up")
        rd_kafka_mock_broker_set_up(cluster, b);
    }
    std::printf("ok %s\n", line.c_str());
    std::fflush(stdout);
  }
  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(owner);
  return 0;
}
