package ownwords

import "context"

// Services is every domain service a store offers.
type Services interface {
	StudyService
	ParticipantService
	InterviewService
	InterviewTextService
	CodeService
	SegmentService
	EventService
	MemoService
	UserService
	AuditService
	ActivityService
	PlanService
	SessionService
	SearchService
	SuggestionService
	AdjudicationService
	PublicationService
	TimeAnchorService
	TranscriptEditService
	ConsentService
	RecordingService
}

// Store is an open study store: the embedded encrypted SQLite file or a
// PostgreSQL team server, with the same behaviour.
type Store interface {
	Services
	// Update runs fn in one transaction: every write fn makes through the
	// Services it is given lands together, or (fn returns an error) none
	// does. Imports use it so that a bad file changes nothing.
	Update(ctx context.Context, fn func(Services) error) error
	// Dialect names the database: "sqlite" or "postgres".
	Dialect() string
	// Close releases the store.
	Close() error
}

// BulkUpdater is a Store that can run one large write transaction (an
// import of many transcripts) faster than Update, with the same result:
// all or nothing, and nothing half-written after a crash. Other work on
// the store may wait longer while it runs.
type BulkUpdater interface {
	UpdateBulk(ctx context.Context, fn func(Services) error) error
}

// UpdateBulk runs fn in one transaction of st, through UpdateBulk when st
// has it and Update otherwise.
func UpdateBulk(ctx context.Context, st Store, fn func(Services) error) error {
	if b, ok := st.(BulkUpdater); ok {
		return b.UpdateBulk(ctx, fn)
	}
	return st.Update(ctx, fn)
}

// Plan is a stored analysis plan (JSON), by name.
type Plan struct {
	StudyID string `json:"study_id"`
	Name    string `json:"name"`
	Body    []byte `json:"body"`
}

// PlanService stores analysis plans.
type PlanService interface {
	// SavePlan creates or replaces a plan. EINVALID.
	SavePlan(ctx context.Context, p *Plan) error
	// Plan returns a plan by name. ENOTFOUND.
	Plan(ctx context.Context, studyID, name string) (*Plan, error)
	// Plans lists a study's plans by name.
	Plans(ctx context.Context, studyID string) ([]*Plan, error)
	// DeletePlan deletes a plan by name. ENOTFOUND.
	DeletePlan(ctx context.Context, studyID, name string) error
}
