#pragma once
// Image fixtures shared by the image and PDF tests.
#include <string>

namespace fixtures {

// An 8×8 gray baseline JPEG (every sample 128) with a JFIF density of 300 dpi; one Huffman code
// per table keeps it short: DC category 0 = "0", AC end-of-block = "0".
inline std::string tiny_jpeg(int components = 1, int width = 8, int height = 8) {
  std::string j = "\xFF\xD8";
  j += std::string("\xFF\xE0\x00\x10JFIF\0\x01\x01\x01\x01\x2C\x01\x2C\0\0", 18);
  j += std::string("\xFF\xDB\x00\x43\x00", 5) + std::string(64, '\x01');
  std::string sof = "\xFF\xC0";
  sof += std::string(1, '\0') + char(8 + 3 * components) + '\x08';
  sof += std::string{char(height >> 8), char(height), char(width >> 8), char(width), char(components)};
  for (int c = 1; c <= components; ++c) sof += std::string{char(c), '\x11', '\0'};
  j += sof;
  std::string counts = std::string(1, '\x01') + std::string(15, '\0');
  j += std::string("\xFF\xC4\x00\x14\x00", 5) + counts + std::string(1, '\0');
  j += std::string("\xFF\xC4\x00\x14\x10", 5) + counts + std::string(1, '\0');
  j += std::string("\xFF\xDA\x00\x08\x01\x01\x00\x00\x3F\x00", 10);
  j += "\x3F\xFF\xD9";
  return j;
}

}  // namespace fixtures
