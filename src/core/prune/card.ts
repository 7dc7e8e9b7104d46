import type { InstructorCard } from '../shared/instructor-card.js';

export const pruningLabCard: InstructorCard = {
  lab: 'ml-pruning-lab',
  goals: [],
  assignment: { predict: '', explore: '', submit: '', tag: '<ml-pruning-lab predict="accuracy"></ml-pruning-lab>' },
  prompts: [],
  misconceptions: [],
};
