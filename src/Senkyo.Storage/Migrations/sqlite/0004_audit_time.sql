-- Senkyo store, schema 4: the audit trail by time. The reading monitor replays the last 24 hours of reads at start-up
-- and auditors filter the trail by period; without this index both scan the whole log, which grows by every read.
-- Events are appended in time order, so the index grows at its right edge: an append costs one more leaf write.
CREATE INDEX audit_event_time ON audit_event (at_us);
