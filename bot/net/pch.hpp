// Precompiled header of the net target only (Asio and Beast are heavy; 2-core builds).
#pragma once

#include "bot/net/detail/asio.hpp"
