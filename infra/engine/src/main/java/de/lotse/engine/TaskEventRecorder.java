package de.lotse.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.operaton.bpm.engine.delegate.DelegateTask;
import org.operaton.bpm.engine.delegate.TaskListener;
import org.operaton.bpm.engine.form.OperatonFormRef;
import org.operaton.bpm.engine.task.IdentityLink;
import org.operaton.bpm.engine.task.IdentityLinkType;
import org.operaton.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.operaton.bpm.engine.impl.persistence.entity.TaskEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes one {@code lotse_task_event} row per task event: a full snapshot of the task (so the
 * consumer needs no other call and may apply rows in any order: the highest row id of a task
 * wins), with the process variables that are plain values (ids, settings; Lotse keeps
 * personal data out of the engine).
 */
class TaskEventRecorder implements TaskListener {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcTemplate jdbc;

  TaskEventRecorder(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void notify(DelegateTask task) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("id", task.getId());
    payload.put("event", task.getEventName());
    payload.put("name", task.getName());
    payload.put("taskDefinitionKey", task.getTaskDefinitionKey());
    payload.put("processInstanceId", task.getProcessInstanceId());
    payload.put("processDefinitionId", task.getProcessDefinitionId());
    ExecutionEntity execution = (ExecutionEntity) task.getExecution();
    payload.put("processDefinitionKey",
        execution != null && execution.getProcessDefinition() != null
            ? execution.getProcessDefinition().getKey()
            : null);
    payload.put("businessKey", execution != null ? execution.getProcessBusinessKey() : null);
    payload.put("assignee", task.getAssignee());
    List<String> groups = new ArrayList<>();
    List<String> users = new ArrayList<>();
    for (IdentityLink link : task.getCandidates()) {
      if (!IdentityLinkType.CANDIDATE.equals(link.getType())) {
        continue;
      }
      if (link.getGroupId() != null) {
        groups.add(link.getGroupId());
      }
      if (link.getUserId() != null) {
        users.add(link.getUserId());
      }
    }
    payload.put("candidateGroups", groups);
    payload.put("candidateUsers", users);
    payload.put("dueDate", iso(task.getDueDate()));
    payload.put("followUpDate", iso(task.getFollowUpDate()));
    payload.put("createTime", iso(task.getCreateTime()));
    payload.put("priority", task.getPriority());
    payload.put("formKey", formKey(task));
    payload.put("deleteReason", task.getDeleteReason());
    payload.put("variables", plainVariables(task));
    try {
      jdbc.update(
          "insert into lotse_task_event (task_id, event, payload) values (?, ?, ?::jsonb)",
          task.getId(), task.getEventName(), JSON.writeValueAsString(payload));
      jdbc.queryForList("select pg_notify('lotse_task_event', '')");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("task event of " + task.getId() + " not serialisable", e);
    }
  }

  /** The Camunda Form a task shows (camunda:formRef), or its form key. */
  private static String formKey(DelegateTask task) {
    if (!(task instanceof TaskEntity entity)) {
      return null;
    }
    entity.initializeFormKey();
    OperatonFormRef ref = entity.getOperatonFormRef();
    return ref != null ? ref.getKey() : entity.getFormKey();
  }

  private static Map<String, Object> plainVariables(DelegateTask task) {
    Map<String, Object> plain = new LinkedHashMap<>();
    for (Map.Entry<String, Object> v : task.getVariables().entrySet()) {
      Object value = v.getValue();
      if (value == null || value instanceof String || value instanceof Number
          || value instanceof Boolean) {
        plain.put(v.getKey(), value);
      } else if (value instanceof Date date) {
        plain.put(v.getKey(), iso(date));
      }
    }
    return plain;
  }

  private static String iso(Date date) {
    return date == null ? null : date.toInstant().toString();
  }
}
