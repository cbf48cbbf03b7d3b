package io.github.agieval.jmeter.sampler.gui;

import static io.github.agieval.jmeter.sampler.gui.GuiField.Section.REQUEST;
import static io.github.agieval.jmeter.sampler.gui.GuiField.Section.VARIABLES;

import io.github.agieval.jmeter.sampler.SubmitEvaluationSampler;
import java.util.List;
import org.apache.jmeter.testelement.TestElement;

/** GUI of {@link SubmitEvaluationSampler}: request body or fields, and the names of the variables exported. */
public class SubmitEvaluationSamplerGui extends ApiSamplerGui {

    private static final long serialVersionUID = 1L;

    public SubmitEvaluationSamplerGui() {
        super();
    }

    @Override
    public String getStaticLabel() {
        return "AGI Eval Submit Evaluation";
    }

    @Override
    protected TestElement newElement() {
        return new SubmitEvaluationSampler();
    }

    @Override
    protected List<GuiField> samplerFields() {
        return List.of(
                GuiField.choice(REQUEST, SubmitEvaluationSampler.BODY_MODE, "Body from:",
                        SubmitEvaluationSampler.MODE_BODY,
                        List.of(SubmitEvaluationSampler.MODE_BODY, SubmitEvaluationSampler.MODE_FIELDS),
                        "body: the Request body below; fields: composed from model, benchmark, prompts, config"),
                GuiField.area(REQUEST, SubmitEvaluationSampler.BODY, "Request body (JSON):",
                        SubmitEvaluationSampler.DEFAULT_BODY, "used when Body from = body"),
                GuiField.text(REQUEST, SubmitEvaluationSampler.MODEL, "Model:", SubmitEvaluationSampler.DEFAULT_MODEL, null),
                GuiField.text(REQUEST, SubmitEvaluationSampler.BENCHMARK, "Benchmark:",
                        SubmitEvaluationSampler.DEFAULT_BENCHMARK, null),
                GuiField.area(REQUEST, SubmitEvaluationSampler.PROMPTS, "Prompts (one a line):",
                        SubmitEvaluationSampler.DEFAULT_PROMPTS, null),
                GuiField.text(REQUEST, SubmitEvaluationSampler.TEMPERATURE, "Temperature:",
                        SubmitEvaluationSampler.DEFAULT_TEMPERATURE, "empty: left out"),
                GuiField.text(REQUEST, SubmitEvaluationSampler.MAX_TOKENS, "Max tokens:",
                        SubmitEvaluationSampler.DEFAULT_MAX_TOKENS, "empty: left out"),
                GuiField.text(REQUEST, SubmitEvaluationSampler.TIMEOUT, "Timeout (s):", "", "empty: left out"),
                GuiField.text(VARIABLES, SubmitEvaluationSampler.JOB_ID_VAR, "Job id variable:",
                        SubmitEvaluationSampler.DEFAULT_JOB_ID_VAR, null),
                GuiField.text(VARIABLES, SubmitEvaluationSampler.STATUS_VAR, "Job status variable:",
                        SubmitEvaluationSampler.DEFAULT_STATUS_VAR, null),
                GuiField.text(VARIABLES, SubmitEvaluationSampler.SUBMITTED_AT_VAR, "Submitted-at variable (epoch ms):",
                        SubmitEvaluationSampler.DEFAULT_SUBMITTED_AT_VAR, null));
    }
}
