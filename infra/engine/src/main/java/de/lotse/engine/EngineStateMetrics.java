package de.lotse.engine;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.operaton.bpm.engine.ProcessEngine;
import org.springframework.stereotype.Component;

/**
 * The engine's state as gauges beside the JVM, HTTP and connection-pool metrics Spring Boot
 * exposes at /actuator/prometheus: open incidents (what an operator must resolve in Cockpit),
 * failed and due jobs, external tasks with no retries left, running process instances. Each is
 * one count query, run when Prometheus scrapes.
 */
@Component
public class EngineStateMetrics implements MeterBinder {

  private final ProcessEngine engine;

  public EngineStateMetrics(ProcessEngine engine) {
    this.engine = engine;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String type : new String[] {"failedJob", "failedExternalTask"}) {
      Gauge.builder(
              "operaton.incidents.open",
              engine,
              e -> e.getRuntimeService().createIncidentQuery().incidentType(type).count())
          .description("Open incidents of the engine, by type; each waits for an operator")
          .tag("type", type)
          .strongReference(true)
          .register(registry);
    }
    Gauge.builder(
            "operaton.jobs.failed",
            engine,
            e -> e.getManagementService().createJobQuery().noRetriesLeft().count())
        .description("Jobs (timers, async continuations) with no retries left")
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            "operaton.jobs.executable",
            engine,
            e -> e.getManagementService().createJobQuery().executable().count())
        .description("Jobs due now with retries left: the job executor's backlog")
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            "operaton.external.tasks.failed",
            engine,
            e -> e.getExternalTaskService().createExternalTaskQuery().noRetriesLeft().count())
        .description("External tasks with no retries left")
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            "operaton.process.instances.active",
            engine,
            e -> e.getRuntimeService().createProcessInstanceQuery().active().count())
        .description("Running (not suspended) process instances")
        .strongReference(true)
        .register(registry);
  }
}
