# lenet_resume: 2 epochs in one run must give the same weights and metrics, bit for bit, as 1 epoch
# and then, in a new process, --resume with --epochs 2. With random flips and the random batch order,
# so the per-epoch seeding and the saved optimizer and lr scheduler states are all needed. A run with
# another seed must differ (else the comparison proves nothing).
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
make_data(data 320 100)
set(common --data ${WORK_DIR}/data --batch-size 32 --flip 0.5)
run_lenet(0 ${common} --out ${WORK_DIR}/straight --epochs 2)
run_lenet(0 ${common} --out ${WORK_DIR}/resumed --epochs 1)
run_lenet(0 ${common} --out ${WORK_DIR}/resumed --epochs 2 --resume ${WORK_DIR}/resumed/checkpoint.ckpt)
expect_match("${LENET_OUT}" "resumed from [^\n]*checkpoint.ckpt after epoch 1\n" "resume message")
run_lenet(0 ${common} --out ${WORK_DIR}/other_seed --epochs 2 --seed 2)

# metrics.csv without the seconds column, which no two runs share.
function(metrics_without_seconds dir out_var)
  file(READ ${dir}/metrics.csv csv)
  string(REGEX REPLACE ",[^,\n]*\n" "\n" csv "${csv}")
  set(${out_var} "${csv}" PARENT_SCOPE)
endfunction()
metrics_without_seconds(${WORK_DIR}/straight straight_metrics)
metrics_without_seconds(${WORK_DIR}/resumed resumed_metrics)
if(NOT straight_metrics STREQUAL resumed_metrics)
  message(FATAL_ERROR "metrics differ:\nstraight:\n${straight_metrics}\nresumed:\n${resumed_metrics}")
endif()
expect_match("${resumed_metrics}" "^epoch,train_loss,test_loss,test_accuracy,lr\n1,[^\n]*\n2,[^\n]*\n$"
             "resumed metrics.csv")

file(SHA256 ${WORK_DIR}/straight/model.ckpt straight)
file(SHA256 ${WORK_DIR}/resumed/model.ckpt resumed)
file(SHA256 ${WORK_DIR}/other_seed/model.ckpt other_seed)
if(NOT straight STREQUAL resumed)
  message(FATAL_ERROR "the weights after 1 + 1 resumed epochs differ from those after 2 epochs straight")
endif()
if(straight STREQUAL other_seed)
  message(FATAL_ERROR "seeds 1 and 2 gave the same weights")
endif()
