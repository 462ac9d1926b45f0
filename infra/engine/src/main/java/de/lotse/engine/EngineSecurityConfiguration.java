package de.lotse.engine;

import jakarta.servlet.Filter;
import org.operaton.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The REST API is open unless a filter asks for credentials: every call under /engine-rest needs
 * HTTP Basic credentials of an engine user (Lotse's service account or an operator).
 */
@Configuration
public class EngineSecurityConfiguration {

  @Bean
  public FilterRegistrationBean<Filter> engineRestAuthentication() {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>();
    registration.setName("lotse-engine-rest-authentication");
    registration.setFilter(new ProcessEngineAuthenticationFilter());
    registration.addInitParameter(
        ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        CachingBasicAuthenticationProvider.class.getName());
    registration.addInitParameter(ProcessEngineAuthenticationFilter.SERVLET_PATH_PREFIX, "/engine-rest");
    registration.addUrlPatterns("/engine-rest/*");
    return registration;
  }
}
