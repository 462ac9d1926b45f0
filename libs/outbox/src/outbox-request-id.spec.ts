import { withRequestId } from './outbox.relay';

describe('withRequestId', () => {
  it('gives a start and a message the request id as the variable lotseRequestId', () => {
    const start = {
      type: 'start-process' as const,
      messageName: 'm',
      processDefinitionKey: 'p',
      businessKey: 'b',
      variables: { caseId: 'c-1' },
    };
    expect(withRequestId(start, 'req-12345')).toEqual({
      ...start,
      variables: { caseId: 'c-1', lotseRequestId: 'req-12345' },
    });
    expect(start.variables).toEqual({ caseId: 'c-1' });
    const message = { ...start, type: 'correlate-message' as const, timeToLiveMs: 1 };
    expect(withRequestId(message, 'req-12345').type).toBe('correlate-message');
  });

  it('leaves a command without request id, and a cancellation, as it is', () => {
    const cancel = { type: 'cancel-process-instance' as const, processInstanceId: 'pi' };
    expect(withRequestId(cancel, 'req-12345')).toBe(cancel);
    const start = {
      type: 'start-process' as const,
      messageName: 'm',
      processDefinitionKey: 'p',
      businessKey: 'b',
      variables: {},
    };
    expect(withRequestId(start, null)).toBe(start);
  });
});
