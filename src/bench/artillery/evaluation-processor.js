// Loop condition of evaluation.yml: poll while the job has not reached a terminal status.
module.exports = {
  jobRunning(context, next) {
    const s = context.vars.job_status;
    return next(s !== undefined && s !== 'completed' && s !== 'failed');
  },
};
