package dev.postern.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * A test that drives the whole application, served on a random port, from a real browser (see {@link Browser}),
 * against a real PostgreSQL (see {@link TestDatabase}). Tagged {@code system}: run with {@code -Psystem}. Tests that
 * share this annotation share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
// Selenium warns at each start that it has no typed DevTools API for this Chromium; the tests do not use one.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "logging.level.org.openqa.selenium.devtools.CdpVersionFinder=error")
@Import(PosternTestConfiguration.class)
@ContextConfiguration(initializers = PosternTestConfiguration.Initializer.class)
@Tag("system")
public @interface PosternBrowserTest {
}
