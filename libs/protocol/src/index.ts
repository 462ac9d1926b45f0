export * from './protocol.entity';
export * from './protocol.dto';
export { ProtocolService } from './protocol.service';
export { FollowUpService } from './follow-up.service';
export { ProtocolController } from './protocol.controller';
export { ProtocolModule, ProtocolWorkersModule } from './protocol.module';
export { PROTOCOL_FORM_HANDLERS } from './forms/protocol-form.handlers';
export { protocolRecipients, mayWriteProtocol } from './protocol-access';
