package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import static io.github.agieval.jmeter.it.SaveServiceSupport.properties;

import io.github.agieval.jmeter.datagen.DataGenerator;
import io.github.agieval.jmeter.datagen.GeneratorSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.jmeter.testelement.TestElement;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.SearchByClass;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** The element serializes into .jmx and loads back unchanged, with the stock JMeter SaveService. */
class DataGeneratorJmxIT {

    @BeforeAll
    static void jmeterHome() throws Exception {
        SaveServiceSupport.initJMeter();
    }

    @Test
    void shouldLoadSaveAndReloadEveryPropertyUnchangedWhenUsingTheJmxFormat(@TempDir Path dir) throws Exception {
        HashTree tree = SaveServiceSupport.loadResource("plans/datagen.jmx", dir.resolve("datagen.jmx"));
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

        SaveServiceSupport.RoundTrip saved = SaveServiceSupport.roundTrip(tree, dir.resolve("saved.jmx"));
        HashTree reloaded = saved.loaded();
        List<DataGenerator> again = generators(reloaded);
        assertThat(properties(again.get(0))).isEqualTo(before);
        assertThat(properties(again.get(1))).isEqualTo(properties(journey));

        // and saving the reloaded tree gives the same file
        assertThat(SaveServiceSupport.save(reloaded)).isEqualTo(saved.xml());
    }

    private static List<DataGenerator> generators(HashTree tree) {
        SearchByClass<DataGenerator> search = new SearchByClass<>(DataGenerator.class);
        tree.traverse(search);
        return List.copyOf(search.getSearchResults());
    }
}
