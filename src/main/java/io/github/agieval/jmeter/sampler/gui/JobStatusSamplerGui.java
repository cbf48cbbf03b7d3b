package io.github.agieval.jmeter.sampler.gui;

import static io.github.agieval.jmeter.sampler.gui.GuiField.Section.REQUEST;
import static io.github.agieval.jmeter.sampler.gui.GuiField.Section.VARIABLES;

import io.github.agieval.jmeter.sampler.JobSampler;
import io.github.agieval.jmeter.sampler.JobStatusSampler;
import java.util.List;
import org.apache.jmeter.testelement.TestElement;

/** GUI of {@link JobStatusSampler}: job id, known statuses and the names of the variables exported. */
public class JobStatusSamplerGui extends ApiSamplerGui {

    private static final long serialVersionUID = 1L;

    public JobStatusSamplerGui() {
        super();
    }

    @Override
    public String getStaticLabel() {
        return "AGI Eval Job Status";
    }

    @Override
    protected TestElement newElement() {
        return new JobStatusSampler();
    }

    @Override
    protected List<GuiField> samplerFields() {
        return List.of(
                GuiField.text(REQUEST, JobSampler.JOB_ID, "Job id:", JobSampler.DEFAULT_JOB_ID, null),
                GuiField.text(REQUEST, JobStatusSampler.KNOWN_STATUSES, "Known statuses:",
                        JobStatusSampler.DEFAULT_KNOWN_STATUSES, "any other status fails the sample; * = any status; empty: the default list"),
                GuiField.text(VARIABLES, JobStatusSampler.STATUS_VAR, "Status variable:",
                        JobStatusSampler.DEFAULT_STATUS_VAR, null),
                GuiField.text(VARIABLES, JobStatusSampler.PROGRESS_VAR, "Progress variable:",
                        JobStatusSampler.DEFAULT_PROGRESS_VAR, null));
    }
}
