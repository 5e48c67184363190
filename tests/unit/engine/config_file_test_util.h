// A fixture for tests that write config files: a fresh temporary directory and the
// global configuration reset to defaults (and no config file) around each test.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/config.h"

namespace ringdb::engine {

class ConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ResetConfigToDefaults();
    SetConfigFilePath("");
    char tmpl[] = "/tmp/ringdb_config_test_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::filesystem::remove_all(dir_);
    ResetConfigToDefaults();
    SetConfigFilePath("");
  }

  // Writes `text` to `name` in the directory; returns the file's path.
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  std::string dir_;
};

}  // namespace ringdb::engine
