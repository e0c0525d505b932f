# lenet_errors: a bad command line exits with code 2, a missing or bad data folder or checkpoint with
# code 1, each with a message that names the problem (and no crash: a signal is not an exit code).
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)

run_lenet(0 --help)
expect_match("${LENET_OUT}" "^usage: lenet \\[options\\]\n" "--help")
expect_match("${LENET_OUT}" "--resume FILE" "--help lists --resume")

# Bad command lines fail before any data is read (so --data is left to its default).
function(usage_error message)
  run_lenet(2 ${ARGN})
  expect_match("${LENET_ERR}" "^lenet: ${message}[^\n]* \\(see lenet --help\\)\n$" "lenet ${ARGN}")
endfunction()
usage_error("unknown option '--bogus'" --bogus)
usage_error("unknown option 'extra'" extra)
usage_error("--epochs expects an integer >= 1, got 'abc'" --epochs abc)
usage_error("--epochs expects an integer >= 1, got '0'" --epochs=0)
usage_error("--batch-size expects an integer >= 1, got '12x'" --batch-size 12x)
usage_error("--lr expects a number in \\[0, 10\\], got '-1'" --lr -1)
usage_error("--momentum expects a number in \\[0, 1\\], got 'nan'" --momentum nan)
usage_error("--lr needs a value" --lr)
usage_error("--out needs a non-empty value" --out=)
usage_error("--nesterov expects an integer in \\[0, 1\\], got 'yes'" --nesterov yes)
usage_error("Nesterov momentum needs a momentum above 0" --momentum 0)

# A data folder that is not there, or lacks a file: the message names it.
run_lenet(1 --data ${WORK_DIR}/nowhere --out ${WORK_DIR}/out)
expect_match("${LENET_ERR}" "^lenet: data folder [^\n]*nowhere not found" "missing data folder")
make_data(data 64 20)
file(REMOVE ${WORK_DIR}/data/t10k-labels-idx1-ubyte.gz)
run_lenet(1 --data ${WORK_DIR}/data --out ${WORK_DIR}/out)
expect_match("${LENET_ERR}" "^lenet: [^\n]*t10k-labels-idx1-ubyte" "missing labels file")

# Images of another size: named, before any layer complains.
make_data(wide 64 20 gz 32)
run_lenet(1 --data ${WORK_DIR}/wide --out ${WORK_DIR}/out)
expect_match("${LENET_ERR}" "^lenet: LeNet-5 here takes 28x28 images; the training images in [^\n]*wide are 32x32\n$"
             "32x32 images")

# Checkpoints: missing, not a checkpoint, a model-only file, and a recipe that disagrees with one.
make_data(small 64 20)
set(data --data ${WORK_DIR}/small --out ${WORK_DIR}/out --batch-size 32)
run_lenet(1 ${data} --resume ${WORK_DIR}/missing.ckpt)
expect_match("${LENET_ERR}" "^lenet: [^\n]*missing.ckpt" "missing checkpoint")
file(WRITE ${WORK_DIR}/garbage.ckpt "not a checkpoint")
run_lenet(1 ${data} --resume ${WORK_DIR}/garbage.ckpt)
expect_match("${LENET_ERR}" "^lenet: [^\n]*garbage.ckpt" "corrupt checkpoint")
run_lenet(0 ${data} --epochs 1)
run_lenet(1 ${data} --resume ${WORK_DIR}/out/model.ckpt)
expect_match("${LENET_ERR}" "^lenet: [^\n]*model.ckpt is not a LeNet training checkpoint" "model-only checkpoint")
run_lenet(0 ${data} --epochs 2 --lr 0.05 --resume ${WORK_DIR}/out/checkpoint.ckpt)
run_lenet(2 ${data} --epochs 3 --lr 0.1 --resume ${WORK_DIR}/out/checkpoint.ckpt)
expect_match("${LENET_ERR}" "^lenet: the recipe given differs from the checkpoint's \\(--batch-size 32 --lr 0.05 "
             "recipe mismatch")
