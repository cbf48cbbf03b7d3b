package io.github.agieval.jmeter.sampler.gui;

import static io.github.agieval.jmeter.sampler.gui.GuiField.Section.REQUEST;
import static io.github.agieval.jmeter.sampler.gui.GuiField.Section.VARIABLES;

import io.github.agieval.jmeter.sampler.JobResultsSampler;
import io.github.agieval.jmeter.sampler.JobSampler;
import java.util.List;
import org.apache.jmeter.testelement.TestElement;

/** GUI of {@link JobResultsSampler}: job id, score field and the score variable. */
public class JobResultsSamplerGui extends ApiSamplerGui {

    private static final long serialVersionUID = 1L;

    public JobResultsSamplerGui() {
        super();
    }

    @Override
    public String getStaticLabel() {
        return "AGI Eval Job Results";
    }

    @Override
    protected TestElement newElement() {
        return new JobResultsSampler();
    }

    @Override
    protected List<GuiField> samplerFields() {
        return List.of(
                GuiField.text(REQUEST, JobSampler.JOB_ID, "Job id:", JobSampler.DEFAULT_JOB_ID, null),
                GuiField.text(REQUEST, JobResultsSampler.SCORE_FIELD, "Score field:",
                        JobResultsSampler.DEFAULT_SCORE_FIELD, "top-level field or dotted path, e.g. scores.accuracy"),
                GuiField.text(VARIABLES, JobResultsSampler.SCORE_VAR, "Score variable:",
                        JobResultsSampler.DEFAULT_SCORE_VAR, null));
    }
}
