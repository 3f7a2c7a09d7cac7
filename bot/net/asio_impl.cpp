// Separate compilation: Asio, Asio-SSL and Beast are compiled once, here, instead of in every
// translation unit that uses them (BOOST_ASIO_SEPARATE_COMPILATION /
// BOOST_BEAST_SEPARATE_COMPILATION).
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
