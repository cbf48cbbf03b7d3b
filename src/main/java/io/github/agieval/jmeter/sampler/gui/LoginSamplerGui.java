package io.github.agieval.jmeter.sampler.gui;

import static io.github.agieval.jmeter.sampler.gui.GuiField.Section.REQUEST;

import io.github.agieval.jmeter.sampler.LoginSampler;
import java.util.List;
import org.apache.jmeter.testelement.TestElement;

/** GUI of {@link LoginSampler}: username and password; no variables exported (the token stays in the auth session). */
public class LoginSamplerGui extends ApiSamplerGui {

    private static final long serialVersionUID = 1L;

    public LoginSamplerGui() {
        super();
    }

    @Override
    public String getStaticLabel() {
        return "AGI Eval Login";
    }

    @Override
    protected TestElement newElement() {
        return new LoginSampler();
    }

    @Override
    protected List<GuiField> samplerFields() {
        return List.of(
                GuiField.text(REQUEST, LoginSampler.USERNAME, "Username:", LoginSampler.DEFAULT_USERNAME,
                        "any user name; the sandbox provisions users on first login"),
                GuiField.text(REQUEST, LoginSampler.PASSWORD, "Password:", LoginSampler.DEFAULT_PASSWORD,
                        "prefer a property reference such as ${__P(PASSWORD)}: a literal is saved in the .jmx"));
    }
}
