// SPDX-License-Identifier: Apache-2.0
// Asio and Beast compiled once (BOOST_*_SEPARATE_COMPILATION) instead of in every network TU.
#include <utility>

#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
