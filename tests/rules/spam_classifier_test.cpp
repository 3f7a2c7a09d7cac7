// The classifier admins teach: naive Bayes over normalised tokens plus near-duplicates of removed
// spam, judged on text it has not seen, and its leave-one-out precision and recall.
#include "rules/spam_classifier.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace steward::rules {
namespace {

const std::vector<std::string> spam = {
    "兼职刷单日结300元，加我微信详聊",
    "高薪兼职，在家手机操作，日结工资",
    "免费领取彩票内部资料，稳赚不赔，加群",
    "代开发票，各类发票，欢迎咨询",
    "刷单兼职，一单一结，佣金日结",
    "cheap followers and likes, dm me now",
    "earn 500 dollars a day from home, dm me",
    "手机兼职日结，宝妈学生都可以做",
};
const std::vector<std::string> ham = {
    "今天的会议改到下午三点，大家注意",    "谁有这本书的电子版？想借来看看",
    "周末一起去爬山吗？天气应该不错",      "这个问题我昨天也遇到了，重启就好",
    "新版本什么时候发布？期待新功能",      "thanks for the help yesterday, it worked",
    "does anyone know a good pizza place", "明天早上九点在门口集合",
};

spam_classifier trained() {
  spam_classifier c;
  std::int64_t id = 0;
  for (const auto& s : spam)
    c.add(++id, s, true);
  for (const auto& h : ham)
    c.add(++id, h, false);
  return c;
}

TEST(SpamClassifier, SaysNothingUntilItHasEnoughOfBoth) {
  spam_classifier c;
  for (int i = 0; i < 4; ++i) {
    c.add(i, spam[static_cast<std::size_t>(i)], true);
    c.add(100 + i, ham[static_cast<std::size_t>(i)], false);
  }
  EXPECT_FALSE(c.ready());
  EXPECT_DOUBLE_EQ(c.judge("兼职日结，加微信").spam_probability, 0.5);
  c.add(4, spam[4], true);
  c.add(104, ham[4], false);
  EXPECT_TRUE(c.ready());
}

TEST(SpamClassifier, CallsUnseenSpamSpamAndUnseenChatNot) {
  const auto c = trained();
  EXPECT_GT(c.judge("招聘兼职，日结，有意加微信").spam_probability, 0.9);
  EXPECT_LT(c.judge("下午的会议大家别忘了带电脑").spam_probability, 0.5);
  EXPECT_LT(c.judge("anyone up for pizza this weekend").spam_probability, 0.5);
}

TEST(SpamClassifier, ANearCopyOfRemovedSpamIsSpamWhateverItsWords) {
  const auto c = trained();
  const auto j = c.judge("兼职刷单日结300元，加我微信详聊！");  // one character more
  EXPECT_TRUE(j.near_spam);
  EXPECT_TRUE(spam_classifier::is_spam(j, 0.99));
  EXPECT_FALSE(c.judge("今天的会议改到下午四点，大家注意").near_spam);  // near ham: not spam
}

TEST(SpamClassifier, ForgettingASampleUndoesIt) {
  auto c = trained();
  const double before = c.judge("代开发票").spam_probability;
  c.remove(4);  // 代开发票，各类发票，欢迎咨询
  EXPECT_LT(c.judge("代开发票").spam_probability, before);
  c.add(4, spam[3], true);
  EXPECT_DOUBLE_EQ(c.judge("代开发票").spam_probability, before);
}

TEST(SpamClassifier, LeaveOneOutQualityCountsEachSampleJudgedWithoutItself) {
  const auto c = trained();
  const auto q = c.evaluate(0.9);
  EXPECT_EQ(q.spam, 8);
  EXPECT_EQ(q.ham, 8);
  EXPECT_EQ(q.true_positives + q.false_negatives, 8);
  EXPECT_GE(q.recall, 0.5);
  EXPECT_EQ(q.false_positives, 0);
  EXPECT_DOUBLE_EQ(q.precision, 1.0);
  // An impossible threshold calls nothing spam: recall 0, precision undefined → 1.
  const auto none = spam_classifier().evaluate(0.9);
  EXPECT_EQ(none.spam + none.ham, 0);
}

}  // namespace
}  // namespace steward::rules
