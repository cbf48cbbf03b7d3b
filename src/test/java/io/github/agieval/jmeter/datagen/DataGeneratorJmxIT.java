package io.github.agieval.jmeter.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.property.JMeterProperty;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.SearchByClass;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.agieval.jmeter.it.JMeterHome;

/** The element serializes into .jmx and loads back unchanged, with the stock JMeter SaveService. */
class DataGeneratorJmxIT {

    @BeforeAll
    static void jmeterHome() {
        Path home = JMeterHome.assembled().home();
        JMeterUtils.setJMeterHome(home.toString());
        JMeterUtils.loadJMeterProperties(home.resolve("bin/jmeter.properties").toString());
        JMeterUtils.initLocale();
    }

    @Test
    void shouldLoadSaveAndReloadEveryPropertyUnchangedWhenUsingTheJmxFormat(@TempDir Path dir) throws Exception {
        Path plan = dir.resolve("datagen.jmx");
        try (InputStream in = getClass().getResourceAsStream("/plans/datagen.jmx")) {
            Files.copy(in, plan);
        }
        HashTree tree = SaveService.loadTree(plan.toFile());
        List<DataGenerator> loaded = generators(tree);
        assertThat(loaded).extracting(TestElement::getName).containsExactly("Request data", "Journey data", "Sampler data");
        DataGenerator journey = loaded.get(1);
        assertThat(journey.getPropertyAsString("seed")).isEqualTo("${__P(DATAGEN_SEED,42)}");
        assertThat(journey.getPropertyAsString("thinkTimeMaxMs")).isEqualTo("5");
        assertThat(journey.getPropertyAsString("promptsMax")).isEqualTo("3");

        // every property, set to a distinctive value, survives a save and a load
        DataGenerator request = loaded.get(0);
        for (String key : GeneratorSettings.keys()) {
            request.setProperty(key, "v<&>\"'\n" + key);
        }
        request.setProperty(DataGenerator.VARIABLE_PREFIX, "p_");
        request.setProperty(DataGenerator.REQUEST_VARIABLE, "body");
        request.setProperty(DataGenerator.GENERATE_REQUESTS, false);
        request.setProperty(DataGenerator.GENERATE_SCENARIOS, true);
        request.setProperty(DataGenerator.UNIQUE_USER_IDS, true);
        Map<String, String> before = properties(request);

        Path saved = dir.resolve("saved.jmx");
        try (var out = Files.newOutputStream(saved)) {
            SaveService.saveTree(tree, out);
        }
        HashTree reloaded = SaveService.loadTree(saved.toFile());
        List<DataGenerator> again = generators(reloaded);
        assertThat(properties(again.get(0))).isEqualTo(before);
        assertThat(properties(again.get(1))).isEqualTo(properties(journey));

        // and saving the reloaded tree gives the same file
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        SaveService.saveTree(reloaded, second);
        assertThat(second.toString(StandardCharsets.UTF_8)).isEqualTo(Files.readString(saved, StandardCharsets.UTF_8));
    }

    private static List<DataGenerator> generators(HashTree tree) {
        SearchByClass<DataGenerator> search = new SearchByClass<>(DataGenerator.class);
        tree.traverse(search);
        return List.copyOf(search.getSearchResults());
    }

    private static Map<String, String> properties(TestElement element) {
        Map<String, String> map = new TreeMap<>();
        for (var it = element.propertyIterator(); it.hasNext();) {
            JMeterProperty p = it.next();
            map.put(p.getName(), p.getStringValue());
        }
        return map;
    }
}
