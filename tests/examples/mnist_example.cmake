# mlp and cnn on a tiny synthetic MNIST-format folder (made by make_synthetic_mnist: a bright square
# whose place gives the label; TRAIN_COUNT and TEST_COUNT images): one epoch must bring the mean
# training loss below chance level (ln 10 = 2.30) and the test accuracy far above chance (10%), and
# --max-steps must end training early.
include(${CMAKE_CURRENT_LIST_DIR}/check.cmake)
file(REMOVE_RECURSE ${DATA_DIR})
run_example(ignored ${MAKE_DATA} ${DATA_DIR} ${TRAIN_COUNT} ${TEST_COUNT} gz)

run_example(output ${EXAMPLE} --data ${DATA_DIR} --epochs 1)
expect_number("${output}" "epoch 1  train loss ([0-9.]+)  test accuracy" 0 2.2)
expect_number("${output}" "epoch 1  train loss [0-9.]+  test accuracy ([0-9.]+)%" 90 100)

# 3 steps in all: the first epoch stops after them and no second epoch starts.
run_example(output ${EXAMPLE} --data ${DATA_DIR} --epochs 5 --max-steps 3)
expect_match("${output}" "epoch 1  train loss")
if(output MATCHES "epoch 2")
  message(FATAL_ERROR "--max-steps 3 should stop training within the first epoch")
endif()
